"""Reading files: bytes in, decoded text out, or one clear reason why not.

Chinese official documents arrive as UTF-8 (with or without a byte-order mark),
GB18030/GBK (most government files) or UTF-16 (Word exports). The decoded text is
kept exactly as decoded (CRLF and U+3000 included) so that every span the parser
reports indexes it directly; only a leading byte-order mark is dropped.

What is read, and how much (docs/limits.md):

- a regular file, ``-`` (standard input) or a pipe the user named on purpose
  (``<(cmd)``, a FIFO): nothing else. Devices (``/dev/zero``), sockets and
  folders get one line saying so, and are never opened for reading;
- at most ``max_bytes`` (default :data:`DEFAULT_MAX_BYTES`, ``--max-bytes``): a
  larger file is refused before it is read, a stream as soon as it passes the cap;
- a named pipe must get a writer within :data:`PIPE_WAIT` seconds
  (``SPEECHDIFF_PIPE_WAIT``), so a FIFO nobody writes to never hangs the command.

A file with a few bytes that are not valid in its encoding (a cut last character,
a damaged sector) is decoded with each bad run replaced by U+FFFD, and
:attr:`Decoded.replaced` says where: nothing is lost, nothing is silent.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import select
import stat
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = [
    "DEFAULT_MAX_BYTES",
    "STDIN",
    "Decoded",
    "InputError",
    "Replacement",
    "decode",
    "decode_bytes",
    "file_kind",
    "format_size",
    "os_reason",
    "read_bytes",
    "read_decoded",
    "read_text",
    "set_max_bytes",
]

STDIN = "-"
DEFAULT_MAX_BYTES = 256 << 20
PIPE_WAIT = 10.0  # seconds a named pipe may take to get a writer
_CHUNK = 1 << 20
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)

# Control characters that never occur in real text files (tab, line ends, form feed,
# vertical tab and the DOS end-of-file mark do).
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x19\x1b-\x1f]")
_MAX_CONTROL_RATIO = 0.01
_SNIFF = 4096
_MIN_TEXTINESS = 0.95
# A file is read in an encoding despite bad bytes when they are this rare among the
# bytes that are not ASCII (a GBK file read as UTF-8 gets most of them wrong).
_MAX_BAD_SHARE = 0.01
_FEW_BAD = 4
_max_bytes = DEFAULT_MAX_BYTES
_stdin_data: bytes | None = None
_stdin_lock = threading.Lock()


class InputError(Exception):
    """A file that cannot be read as text. ``str()`` is one line: ``source: reason``."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


def os_reason(exc: OSError) -> str:
    """An OS error as the rest of a one-line message: ``no space left on device``."""
    text = exc.strerror or str(exc)
    return text[:1].lower() + text[1:]


def format_size(n: int) -> str:
    """``256 MiB``, ``1.5 GiB``, ``900 bytes``."""
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if n >= 1 << shift:
            value = n / (1 << shift)
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{n} bytes"


def set_max_bytes(limit: int) -> None:
    """The cap :func:`read_bytes` applies when not given one (the CLI's ``--max-bytes``)."""
    global _max_bytes
    if limit < 1:
        raise ValueError("the byte limit must be at least 1")
    _max_bytes = limit


def _too_large(source: str, limit: int) -> InputError:
    return InputError(source, f"larger than the {format_size(limit)} limit (see --max-bytes)")


def _read_stream(
    read: Callable[[int], bytes], source: str, limit: int, *, size_hint: int = _CHUNK
) -> bytes:
    """Everything ``read`` gives up to ``limit`` bytes; more is an :class:`InputError`."""
    chunks: list[bytes] = []
    total = 0
    want = max(1, min(size_hint + 1, limit + 1))
    while True:
        chunk = read(want)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise _too_large(source, limit)
        want = min(_CHUNK, limit + 1 - total)


def _pipe_wait() -> float:
    try:
        return max(0.0, float(os.environ.get("SPEECHDIFF_PIPE_WAIT", PIPE_WAIT)))
    except ValueError:
        return PIPE_WAIT


def _read_fifo(fd: int, source: str, limit: int) -> bytes:
    """A named pipe: wait a bounded time for a writer, then read until it closes.

    ``fd`` is non-blocking. Linux tells the cases apart: ``read`` gives ``b""``
    while no writer has the pipe open (or after the last one closed), and raises
    ``EAGAIN`` while a writer has it open but sent nothing yet.
    """
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    wait = _pipe_wait()
    deadline = time.monotonic() + wait
    chunks: list[bytes] = []
    total = 0
    writer = False
    while True:
        try:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
        except BlockingIOError:
            writer = True
            poller.poll()  # a writer is there: wait for its data as a pipe reader does
            continue
        if chunk:
            writer = True
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise _too_large(source, limit)
            continue
        if writer:
            return b"".join(chunks)
        left = deadline - time.monotonic()
        if left <= 0:
            raise InputError(source, f"named pipe with no writer (waited {wait:g} s)")
        events = poller.poll(max(1, int(left * 1000)))
        if any(ev & select.POLLHUP for _, ev in events):
            writer = True  # one came and went: what it wrote (if anything) is there


def _read_stdin(limit: int) -> bytes:
    """Standard input, read once per process (``diff - -`` compares it with itself)."""
    global _stdin_data
    with _stdin_lock:
        if _stdin_data is None:
            stream = getattr(sys.stdin, "buffer", None)
            if stream is None:
                raise InputError(STDIN, "no standard input")
            _stdin_data = _read_stream(stream.read, STDIN, limit)
        if len(_stdin_data) > limit:
            raise _too_large(STDIN, limit)
        return _stdin_data


_KINDS: tuple[tuple[Callable[[int], bool], str], ...] = (
    (stat.S_ISFIFO, "named pipe"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
    (stat.S_ISSOCK, "socket"),
)


def file_kind(mode: int) -> str:
    """What a file that is neither regular nor a folder is: ``named pipe``, ``socket``..."""
    return next((name for test, name in _KINDS if test(mode)), "special file")


def read_bytes(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> bytes:
    """A file's bytes; raises :class:`InputError` with a one-line reason when it cannot.

    ``-`` is standard input. Only regular files and pipes are read, and at most
    ``max_bytes`` of them (default: the CLI's ``--max-bytes``, else
    :data:`DEFAULT_MAX_BYTES`).
    """
    source = os.fspath(path)
    limit = _max_bytes if max_bytes is None else max_bytes
    if source == STDIN:
        return _read_stdin(limit)
    try:
        st = os.stat(source)
        if stat.S_ISDIR(st.st_mode):
            raise InputError(source, "is a directory")
        if not (stat.S_ISREG(st.st_mode) or stat.S_ISFIFO(st.st_mode)):
            raise InputError(source, f"not a regular file ({file_kind(st.st_mode)})")
        if stat.S_ISREG(st.st_mode) and st.st_size > limit:
            raise _too_large(source, limit)
        # O_NONBLOCK: opening a FIFO never waits for a writer (no effect on files).
        fd = os.open(source, _OPEN_FLAGS)
        try:
            st = os.fstat(fd)
            if stat.S_ISFIFO(st.st_mode):
                return _read_fifo(fd, source, limit)
            if not stat.S_ISREG(st.st_mode):
                raise InputError(source, "not a regular file")
            return _read_stream(lambda n: os.read(fd, n), source, limit, size_hint=st.st_size)
        finally:
            os.close(fd)
    except FileNotFoundError:
        raise InputError(source, "no such file") from None
    except IsADirectoryError:
        raise InputError(source, "is a directory") from None
    except PermissionError:
        raise InputError(source, "permission denied") from None
    except OSError as exc:
        if exc.errno == errno.ENOTDIR:
            raise InputError(source, "no such file (a part of the path is not a folder)") from None
        raise InputError(source, f"cannot read: {os_reason(exc)}") from None


# ---- decoding ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Replacement:
    """A run of bytes that were not valid in the file's encoding, replaced by U+FFFD."""

    offset: int  # in the file's bytes
    data: bytes  # the bytes that were replaced
    char: int  # where the U+FFFD stands in the decoded text

    def describe(self) -> str:
        return "".join(f"\\x{b:02x}" for b in self.data)


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text, the encoding used and the bad bytes replaced (usually none)."""

    text: str
    encoding: str
    replaced: tuple[Replacement, ...] = ()


def _textiness(text: str) -> float:
    """Share of characters that real Chinese or English text is made of."""
    sample = text[:_SNIFF]
    if not sample:
        return 0.0
    good = 0
    for ch in sample:
        o = ord(ch)
        if (
            0x20 <= o < 0x7F
            or ch in "\t\n\r"
            or 0x4E00 <= o <= 0x9FFF  # CJK unified ideographs
            or 0x3400 <= o <= 0x4DBF
            or 0x3000 <= o <= 0x303F  # CJK symbols and punctuation
            or 0xFF00 <= o <= 0xFFEF  # full-width forms
            or 0x2000 <= o <= 0x206F  # general punctuation: “ ” — …
            or 0x00A0 <= o <= 0x00FF
            or 0x2460 <= o <= 0x24FF  # ① ②
        ):
            good += 1
    return good / len(sample)


def _control_ratio(text: str) -> float:
    sample = text[:_SNIFF]
    if not sample:
        return 0.0
    return len(_CONTROL_RE.findall(sample)) / len(sample)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


_bad_runs = threading.local()


class _TooMany(Exception):
    """Raised inside a decode once its bad bytes are more than ``_lenient`` accepts."""


def _record(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    _bad_runs.found.append((exc.start, exc.end))
    _bad_runs.bad += exc.end - exc.start
    if _bad_runs.bad > _bad_runs.limit:
        raise _TooMany  # a file in another encoding: stop at once, not after every byte
    return "\ufffd", exc.end


codecs.register_error("speechdiff-record", _record)


def _lenient(data: bytes, encoding: str) -> Decoded | None:
    """``data`` decoded with its few bad runs replaced; None when they are not few.

    Adjacent bad bytes (a lead byte lost, its continuation bytes left over) make one
    run and one U+FFFD.
    """
    high = len(data) - len(data.translate(None, bytes(range(0x80, 0x100))))
    # Few: a cut last character or a couple of stray bytes, or 1 % of the non-ASCII
    # bytes; and never half of them (a short GBK file is not "UTF-8 with errors").
    limit = min(max(_FEW_BAD, _MAX_BAD_SHARE * high), (high - 1) / 2)
    _bad_runs.found, _bad_runs.bad, _bad_runs.limit = [], 0, limit
    try:
        data.decode(encoding, errors="speechdiff-record")
    except _TooMany:
        return None
    finally:
        found: list[tuple[int, int]] = _bad_runs.found
        _bad_runs.found = []
    runs: list[tuple[int, int]] = []
    for start, end in found:
        if runs and runs[-1][1] == start:
            runs[-1] = (runs[-1][0], end)
        else:
            runs.append((start, end))
    if not runs or sum(end - start for start, end in runs) > limit:
        return None
    # The valid stretches between bad runs decode on their own.
    parts: list[str] = []
    out: list[Replacement] = []
    char = pos = 0
    for start, end in runs:
        good = data[pos:start].decode(encoding, errors="replace")
        parts += (good, "\ufffd")
        char += len(good)
        out.append(Replacement(start, data[start:end], char))
        char += 1
        pos = end
    parts.append(data[pos:].decode(encoding, errors="replace"))
    return Decoded("".join(parts), encoding, tuple(out))


def _best_utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a byte-order mark: the byte order that gives text, if either does."""
    best: tuple[float, str, str] | None = None
    for encoding in ("utf-16-le", "utf-16-be"):
        text = _strict(data, encoding)
        if text is None:
            continue
        score = _textiness(text)
        if score >= _MIN_TEXTINESS and (best is None or score > best[0]):
            best = (score, text, encoding)
    return None if best is None else (best[1], best[2])


def _with_bom(data: bytes) -> tuple[str, str, int] | None:
    """(codec, name, BOM length) for data starting with a byte-order mark."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8", "utf-8", 3
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        le = data.startswith(codecs.BOM_UTF32_LE)
        return ("utf-32-le" if le else "utf-32-be"), "utf-32", 4
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        le = data.startswith(codecs.BOM_UTF16_LE)
        return ("utf-16-le" if le else "utf-16-be"), "utf-16", 2
    return None


def _shifted(found: Decoded, by: int, name: str) -> Decoded:
    """Offsets counted from the file's first byte (before a byte-order mark)."""
    fixed = tuple(Replacement(r.offset + by, r.data, r.char) for r in found.replaced)
    return Decoded(found.text, name, fixed)


def decode(data: bytes, source: str = "<bytes>") -> Decoded:
    """Decode ``data``; raise :class:`InputError` if it is not text.

    Tried in order: a byte-order mark; zero bytes (UTF-16 without a mark, else
    binary); UTF-8; UTF-8 with a few bad bytes; GB18030; UTF-16 of CJK-only text;
    GB18030 with a few bad bytes.
    """
    if not data.strip():
        raise InputError(source, "empty file")
    bom = _with_bom(data)
    if bom is not None:
        codec, name, skip = bom
        body = data[skip:]
        text = _strict(body, codec)
        if text is not None:
            return Decoded(_checked(text, source), name)
        found = _lenient(body, codec)
        if found is None:
            raise InputError(source, f"cannot decode: invalid {name} despite its byte-order mark")
        return _shifted(Decoded(_checked(found.text, source), name, found.replaced), skip, name)
    if b"\x00" in data[:_SNIFF]:
        # Zero bytes: UTF-16 without a byte-order mark, or binary data.
        utf16 = _best_utf16(data)
        if utf16 is None:
            raise InputError(source, "not text: binary data (contains NUL bytes)")
        return Decoded(_checked(utf16[0], source), utf16[1])
    text = _strict(data, "utf-8")
    if text is not None:
        return Decoded(_checked(text, source), "utf-8")
    found = _lenient(data, "utf-8")
    if found is not None and _control_ratio(found.text) <= _MAX_CONTROL_RATIO:
        return Decoded(_checked(found.text, source), "utf-8", found.replaced)
    text = _strict(data, "gb18030")
    if text is not None and _control_ratio(text) <= _MAX_CONTROL_RATIO:
        return Decoded(_checked(text, source), "gb18030")
    utf16 = _best_utf16(data)  # CJK-only UTF-16 has no zero bytes
    if utf16 is not None:
        return Decoded(_checked(utf16[0], source), utf16[1])
    if text is not None:
        raise InputError(source, "not text: binary data (control characters)")
    found = _lenient(data, "gb18030")
    if found is not None and _control_ratio(found.text) <= _MAX_CONTROL_RATIO:
        return Decoded(_checked(found.text, source), "gb18030", found.replaced)
    raise InputError(source, "cannot decode: not valid UTF-8, GB18030 or UTF-16")


def decode_bytes(data: bytes, source: str = "<bytes>") -> tuple[str, str]:
    """Decode ``data`` and name the encoding used; see :func:`decode` for what it reports."""
    found = decode(data, source)
    return found.text, found.encoding


def _checked(text: str, source: str) -> str:
    """Refuse binary or blank content."""
    if _control_ratio(text) > _MAX_CONTROL_RATIO:
        raise InputError(source, "not text: binary data (control characters)")
    if not text.strip():
        raise InputError(source, "empty file")
    return text


def read_decoded(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> Decoded:
    """Read and decode a file (``-``: standard input); raises :class:`InputError`."""
    return decode(read_bytes(path, max_bytes=max_bytes), os.fspath(path))


def read_text(path: str | os.PathLike[str]) -> tuple[str, str]:
    """Read and decode a file. Returns ``(text, encoding)``; raises :class:`InputError`."""
    found = read_decoded(path)
    return found.text, found.encoding
