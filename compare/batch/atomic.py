"""Atomic file writes: a reader (or a rerun after a kill) sees the old file or the new one.

Each file is written to a temporary name in the same folder, flushed to disk, then
renamed over the target with :func:`os.replace`, which is atomic on POSIX and
Windows. A run killed half-way leaves at worst a stray ``.tmp`` file, never a
truncated report or cache entry. A failed write (a full disk) removes its
temporary file and raises :class:`OSError` whose ``filename`` is the target.
``durable=True`` also fsyncs (survives a power cut); cache entries skip it, since
50,000 fsyncs would cost minutes.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["remove_stale", "write_bytes", "write_text"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# mkstemp creates files readable by the owner only; reports should look like any
# other file the user writes.
_MODE = 0o666 & ~_umask()


def write_bytes(path: str | os.PathLike[str], data: bytes, *, durable: bool = False) -> None:
    """Write ``data`` to ``path`` atomically, creating parent folders."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror or str(exc), str(target)) from None
    try:
        os.chmod(tmp, _MODE)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise OSError(exc.errno, exc.strerror or str(exc), str(target)) from None
        raise


def write_text(path: str | os.PathLike[str], text: str, *, durable: bool = True) -> None:
    """Write ``text`` as UTF-8 to ``path`` atomically (durably unless told otherwise)."""
    write_bytes(path, text.encode("utf-8"), durable=durable)


def remove_stale(folder: str | os.PathLike[str], pattern: str, keep: set[str]) -> list[Path]:
    """Delete the files of ``folder`` matching ``pattern`` whose names are not in ``keep``."""
    removed: list[Path] = []
    base = Path(folder)
    if not base.is_dir():
        return removed
    for path in sorted(base.glob(pattern)):
        if path.name not in keep and path.is_file():
            path.unlink()
            removed.append(path)
    return removed
