"""Reading files: bytes in, decoded text out, or one clear reason why not.

Chinese official documents arrive as UTF-8 (with or without a byte-order mark),
GB18030/GBK (most government files) or UTF-16 (Word exports). The decoded text is
kept exactly as decoded (CRLF and U+3000 included) so that every span the parser
reports indexes it directly; only a leading byte-order mark is dropped.
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path

__all__ = ["InputError", "decode_bytes", "read_text"]

# Characters that never occur in real text files, whatever their encoding.
_CONTROL = frozenset(chr(c) for c in range(32)) - {"\t", "\n", "\r", "\f", "\v", "\x1a"}
_MAX_CONTROL_RATIO = 0.01
_SNIFF = 4096


class InputError(Exception):
    """A file that cannot be read as text. ``str()`` is one line: ``source: reason``."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


def _looks_utf16(data: bytes) -> str | None:
    """Guess UTF-16 without a BOM from where the zero bytes fall."""
    sample = data[:_SNIFF]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    # ASCII-heavy UTF-16 has a zero in nearly every other byte; CJK-heavy UTF-16
    # has few zeros, but then it will not decode as UTF-8 or GB18030 either.
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _control_ratio(text: str) -> float:
    sample = text[:_SNIFF]
    if not sample:
        return 0.0
    return sum(ch in _CONTROL for ch in sample) / len(sample)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def decode_bytes(data: bytes, source: str = "<bytes>") -> tuple[str, str]:
    """Decode ``data`` and name the encoding used; raise :class:`InputError` if it is not text."""
    if not data.strip():
        raise InputError(source, "empty file")
    attempts: list[str] = []
    if data.startswith(codecs.BOM_UTF8):
        attempts = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        attempts = ["utf-32"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        attempts = ["utf-16"]
    else:
        guess = _looks_utf16(data)
        if guess:
            attempts = [guess]
        elif b"\x00" in data[:_SNIFF]:
            raise InputError(source, "not text: binary data (contains NUL bytes)")
        else:
            attempts = ["utf-8", "gb18030"]
    for encoding in attempts:
        text = _strict(data, encoding)
        if text is None:
            continue
        if _control_ratio(text) > _MAX_CONTROL_RATIO:
            raise InputError(source, "not text: binary data (control characters)")
        if not text.strip():
            raise InputError(source, "empty file")
        return text, ("utf-8" if encoding == "utf-8-sig" else encoding)
    tried = ", ".join(attempts)
    raise InputError(source, f"cannot decode: not valid {tried}")


def read_text(path: str | os.PathLike[str]) -> tuple[str, str]:
    """Read and decode a file. Returns ``(text, encoding)``; raises :class:`InputError`."""
    source = os.fspath(path)
    p = Path(source)
    try:
        if p.is_dir():
            raise InputError(source, "is a directory")
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(source, "no such file") from None
    except IsADirectoryError:
        raise InputError(source, "is a directory") from None
    except PermissionError:
        raise InputError(source, "permission denied") from None
    except OSError as exc:
        raise InputError(source, f"cannot read: {exc.strerror or exc}") from None
    return decode_bytes(data, source)
