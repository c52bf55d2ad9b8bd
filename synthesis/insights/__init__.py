"""Insights: statements the team believes, backed by highlights.

`services` holds the writes and the reads of the insight pages and API; `evidence` the evidence profile of a set of
highlights (roadmap items show it too); `exports` the Markdown and CSV downloads.
"""
