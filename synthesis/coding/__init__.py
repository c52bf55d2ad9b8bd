"""Coding transcripts: highlights (exact spans of one utterance), their tags and pain.

`services` holds the writes and the reads behind the transcript pages and API; `agreement` scores how far people and
the AI agree on pain.
"""
