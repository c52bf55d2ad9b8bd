"""The host's brief: one printable page per call whose participant took an async interview first."""
