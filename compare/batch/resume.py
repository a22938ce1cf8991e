"""The work cache behind ``--resume``: keyed by content, so a rerun redoes only what is new.

Two kinds of finished work are kept under ``OUT/.cache/<code fingerprint>/``:

- ``files/``: the :class:`~compare.batch.records.FileRecord` of each input file,
  named by the digest of the file's bytes. A renamed or copied file is still a hit;
  an edited file is a miss.
- ``tasks/``: results of pair-verification tasks, named by a digest of the task's
  inputs (the digests of the files involved, the speech indexes, the settings).

Every entry is written atomically as soon as its task finishes, so a run killed at
any moment leaves only complete entries. The fingerprint covers the source code of
the parser and of this package: after an upgrade, old entries are simply not seen.

Without ``--resume`` the cache is emptied first and refilled as the run goes, so
that run can itself be resumed.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from . import atomic
from .records import FileRecord

__all__ = ["Cache", "code_fingerprint", "task_key"]

CACHE_DIR = ".cache"


@cache
def code_fingerprint() -> str:
    """Digest of the code whose output is cached (parser and batch package)."""
    here = Path(__file__).resolve().parent
    h = hashlib.blake2b(digest_size=8)
    for folder in (here.parent, here):
        for path in sorted(folder.glob("*.py")):
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def task_key(*parts: object) -> str:
    """A stable digest of a task's inputs (reprs of plain values)."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(repr(part).encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


class Cache:
    """Content-keyed store of finished work in the output folder."""

    def __init__(
        self, out_dir: str | os.PathLike[str], *, resume: bool, enabled: bool = True
    ) -> None:
        self.enabled = enabled
        self.resume = resume and enabled
        base = Path(out_dir) / CACHE_DIR
        self.root = base / code_fingerprint()
        self.hits = 0
        if enabled and not resume and base.exists():
            shutil.rmtree(base, ignore_errors=True)

    def _path(self, kind: str, key: str) -> Path:
        return self.root / kind / key[:2] / f"{key}.pkl"

    def _load(self, kind: str, key: str) -> Any:
        if not self.resume:
            return None
        try:
            data = self._path(kind, key).read_bytes()
        except OSError:
            return None
        try:
            value = pickle.loads(data)
        except Exception:  # a damaged entry is a miss, not a failure
            return None
        self.hits += 1
        return value

    def _store(self, kind: str, key: str, value: Any) -> None:
        if self.enabled:
            atomic.write_bytes(self._path(kind, key), pickle.dumps(value, pickle.HIGHEST_PROTOCOL))

    def file(self, digest: str, source: str) -> FileRecord | None:
        """The cached record of a file with these bytes, re-labelled with ``source``."""
        if not digest:
            return None
        record = self._load("files", digest)
        if not isinstance(record, FileRecord):
            return None
        return record if record.source == source else replace(record, source=source)

    def put_file(self, record: FileRecord) -> None:
        if record.digest:
            self._store("files", record.digest, record)

    def task(self, key: str) -> Any:
        """A cached task result, or None."""
        return self._load("tasks", key)

    def put_task(self, key: str, value: Any) -> None:
        self._store("tasks", key, value)
