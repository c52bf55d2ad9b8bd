"""Synthesis jobs: auto-tagging and clustering, run by Celery in batches that each commit, resumable and cancellable.

`services` holds the writes (start, cancel, the run loop, accepting and rejecting suggestions), `selectors` the reads
of the job pages and API, `autotag` the offline and openai taggers, `cluster` the grouping of quotes into candidate
themes, `tasks` the Celery tasks that run them.
"""
