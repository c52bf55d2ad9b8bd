"""The codebook: nested tags, their tree with counts, and exchange with other tools.

`services` holds every write to tags and the tree the pages read; `refiqda` (REFI-QDA `.qdc`) and `exchange_csv`
read and write the two exchange formats.
"""
