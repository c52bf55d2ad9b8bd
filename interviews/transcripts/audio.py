"""ffmpeg, from Debian's packages (`.ci/run` and `make install` install it): how long a recording lasts, and one
chunk of it as small mono speech audio that any OpenAI-compatible transcription server accepts."""

import json
import shutil
import subprocess
from pathlib import Path

MISSING = (
    "ffmpeg is not installed on the server that transcribes recordings: install Debian's ffmpeg package "
    "(apt-get install ffmpeg), then try again."
)
PROBE_SECONDS = 60  # reading a file's header takes well under a second; a minute only for a slow disk


class AudioError(Exception):
    """The recording cannot be read as audio, or ffmpeg is missing; the message says which, for the researcher."""


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise AudioError(MISSING)
    return path


def duration_seconds(path: Path) -> float:
    """The recording's length, from its container (audio or video)."""
    result = subprocess.run(
        [_tool("ffprobe"), "-v", "error", "-show_entries", "format=duration", "-of", "json", str(path)],
        capture_output=True, text=True, timeout=PROBE_SECONDS, check=False,
    )  # fmt: skip
    try:
        return float(json.loads(result.stdout or "{}")["format"]["duration"])
    except (KeyError, ValueError, TypeError):
        raise AudioError("This file is not audio or video that ffmpeg can read.") from None


def cut(path: Path, *, start: float, seconds: float, into: Path, timeout: float) -> Path:
    """`seconds` of the recording from `start`, as 16 kHz mono MP3 (speech stays clear; ten minutes fit in 2.5 MB,
    far below the 25 MB OpenAI accepts). Video is dropped."""
    result = subprocess.run(
        [_tool("ffmpeg"), "-nostdin", "-v", "error", "-y", "-ss", f"{start:.3f}", "-t", f"{seconds:.3f}",
         "-i", str(path), "-vn", "-ac", "1", "-ar", "16000", "-c:a", "libmp3lame", "-b:a", "32k", str(into)],
        capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip
    if result.returncode != 0 or not into.exists():
        raise AudioError(f"ffmpeg could not cut the recording: {result.stderr.strip()[:200]}")
    return into
