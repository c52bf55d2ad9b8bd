"""Transcripts of sync calls: `parsers` reads WebVTT, SRT and plain-text files, `services` imports them into a
booking's transcript; the booking's page shows the section (`views`), the API takes uploads (`api`).
"""
