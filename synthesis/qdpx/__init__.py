"""REFI-QDA projects (.qdpx): a study exported for QDA tools (QualCoder, MAXQDA, NVivo, ATLAS.ti) and projects made
there imported into a study.

`text` turns a transcript into the plain text of a source and back, with exact character offsets; `writer` builds
the archive; `reader` opens one defensively; `selectors` gathers a study's export, `services` writes an import.
"""
