"""The work cache behind ``--resume``: keyed by content, so a rerun redoes only what is new.

Two kinds of finished work are kept under ``OUT/.cache/<code fingerprint>/``:

- the :class:`~compare.batch.records.FileRecord` of each input file, keyed by the
  digest of the file's bytes (a renamed or copied file is still a hit, an edited
  file is a miss);
- results of pair-verification tasks, keyed by a digest of the task's inputs (the
  digests of the files involved, the speech indexes, the settings).

Entries are appended to log files (``files-*.log``, ``tasks-*.log``) as each task
finishes, as length-prefixed pickles, and flushed at once: a run killed at any
moment leaves complete entries and at most one torn last entry, which the next
run ignores. Appending is used rather than one file per entry because creating
and renaming 50,000 small files costs the main process seconds.

The fingerprint covers the source code of the parser and of this package: after
an upgrade, old entries are simply not seen. Without ``--resume`` the cache is
emptied first and refilled as the run goes, so that run can itself be resumed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import shutil
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import IO, Any

from .records import FileRecord

__all__ = ["Cache", "code_fingerprint", "task_key"]

CACHE_DIR = ".cache"
_LEN = 8


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


def _frames(path: Path) -> dict[str, Any]:
    """Entries of one log; a torn or damaged tail is dropped."""
    out: dict[str, Any] = {}
    try:
        data = path.read_bytes()
    except OSError:
        return out
    pos = 0
    while pos + _LEN <= len(data):
        size = int.from_bytes(data[pos : pos + _LEN], "little")
        end = pos + _LEN + size
        if end > len(data):
            break
        try:
            key, value = pickle.loads(data[pos + _LEN : end])
        except Exception:
            break
        out[key] = value
        pos = end
    return out


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
        self._files: dict[str, FileRecord] = {}
        self._tasks: dict[str, Any] = {}
        self._logs: dict[str, IO[bytes]] = {}
        if enabled and not resume and base.exists():
            shutil.rmtree(base, ignore_errors=True)
        if self.resume:
            for path in sorted(self.root.glob("files-*.log")):
                self._files.update(_frames(path))
            for path in sorted(self.root.glob("tasks-*.log")):
                self._tasks.update(_frames(path))

    def _append(self, kind: str, key: str, value: Any) -> None:
        if not self.enabled:
            return
        log = self._logs.get(kind)
        if log is None:
            self.root.mkdir(parents=True, exist_ok=True)
            name = f"{kind}-{os.getpid()}-{os.urandom(4).hex()}.log"
            log = self._logs[kind] = open(self.root / name, "ab")  # noqa: SIM115
        frame = pickle.dumps((key, value), pickle.HIGHEST_PROTOCOL)
        try:
            log.write(len(frame).to_bytes(_LEN, "little") + frame)
            log.flush()
        except OSError as exc:  # a full disk: say which file, as the report writer does
            raise OSError(exc.errno, exc.strerror or str(exc), log.name) from None

    def file(self, digest: str, source: str) -> FileRecord | None:
        """The cached record of a file with these bytes, re-labelled with ``source``."""
        record = self._files.get(digest) if digest else None
        if not isinstance(record, FileRecord):
            return None
        self.hits += 1
        return record if record.source == source else replace(record, source=source)

    def put_file(self, record: FileRecord) -> None:
        if record.digest:
            self._append("files", record.digest, record)

    def task(self, key: str) -> Any:
        """A cached task result, or None."""
        value = self._tasks.get(key)
        if value is not None:
            self.hits += 1
        return value

    def put_task(self, key: str, value: Any) -> None:
        self._append("tasks", key, value)

    def close(self) -> None:
        for log in self._logs.values():
            with contextlib.suppress(OSError):  # a full disk: the reader drops the torn entry
                log.close()
        self._logs.clear()
