"""Models trained from files in the repository, built once per machine and kept on disk.

The interviewer's and the linter's learned readers (interviews/interviewer/learned.py, studies/guides/learned.py)
train in a few seconds from their labelled sets. Every web and worker process needs them, and four gunicorn workers
training at once would take half a minute of CPU from the participants they serve, so the first process to need a
model trains it and writes it under `.data/models/`, named by a hash of everything that makes it (the training
files, the module that builds it, the library versions); the others, now and after every restart, load it in a
fraction of a second. A change to any of those gives a new name, so a stale model is never loaded. A file lock
keeps processes starting together from training side by side; a directory that cannot be written only costs each
process its own training.
"""

import fcntl
import hashlib
import pickle
import platform
import threading
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from django.conf import settings

LIBRARIES = ("scikit-learn", "scipy", "numpy")


class Trained[T]:
    """One model: `build()` makes it from `sources`; `get()` returns the process's copy, loading or building it.
    `code`: every module whose text decides what is built, the features' too (the interviewer's model reads whether
    a question asks for a fact through classify.py's rules: a rule changed there makes a different model)."""

    def __init__(
        self, name: str, sources: Callable[[], list[Path]], build: Callable[[], T], *, code: Path | tuple[Path, ...],
        directory: Path | None = None,
    ):  # fmt: skip
        self.name, self.sources, self.build = name, sources, build
        self.code = (code,) if isinstance(code, Path) else code
        self.directory = directory or Path(settings.BASE_DIR) / ".data" / "models"
        self._lock = threading.Lock()
        self._value: T | None = None

    def get(self) -> T:
        with self._lock:
            if self._value is None:
                self._value = self._load_or_build()
            return self._value

    def path(self) -> Path:
        digest = hashlib.sha256()
        for module in self.code:
            digest.update(module.read_bytes())
        for source in sorted(self.sources()):
            digest.update(source.name.encode() + b"\0" + source.read_bytes())
        versions = [platform.python_version(), *(metadata.version(library) for library in LIBRARIES)]
        digest.update(" ".join(versions).encode())
        return self.directory / f"{self.name}-{digest.hexdigest()[:16]}.pickle"

    def _load_or_build(self) -> T:
        path = self.path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path.with_suffix(".lock"), "w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)  # one process trains; the others wait, then load its file
                if path.exists():
                    try:
                        return pickle.loads(path.read_bytes())
                    except (pickle.UnpicklingError, EOFError):
                        pass  # a damaged file: built again below
                value = self.build()
                partial = path.with_suffix(".partial")
                partial.write_bytes(pickle.dumps(value))
                partial.replace(path)
                for old in path.parent.glob(f"{self.name}-*"):
                    if old.stem != path.stem:
                        old.unlink(missing_ok=True)  # built from files or libraries that have changed since
                return value
        except OSError:
            return self.build()
