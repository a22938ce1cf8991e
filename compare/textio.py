"""Reading files: bytes in, decoded text out, or one clear reason why not.

Chinese official documents arrive as UTF-8 (with or without a byte-order mark),
GB18030/GBK (most government files) or UTF-16 (Word exports). The decoded text is
kept exactly as decoded (CRLF and U+3000 included) so that every span the parser
reports indexes it directly; only a leading byte-order mark is dropped.
"""

from __future__ import annotations

import codecs
import os
import re
from pathlib import Path

__all__ = ["InputError", "decode_bytes", "read_bytes", "read_text"]

# Control characters that never occur in real text files (tab, line ends, form feed,
# vertical tab and the DOS end-of-file mark do).
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x19\x1b-\x1f]")
_MAX_CONTROL_RATIO = 0.01
_SNIFF = 4096
_MIN_TEXTINESS = 0.95


class InputError(Exception):
    """A file that cannot be read as text. ``str()`` is one line: ``source: reason``."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


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


def decode_bytes(data: bytes, source: str = "<bytes>") -> tuple[str, str]:
    """Decode ``data`` and name the encoding used; raise :class:`InputError` if it is not text."""
    if not data.strip():
        raise InputError(source, "empty file")
    if data.startswith(codecs.BOM_UTF8):
        return _checked(data, "utf-8-sig", source), "utf-8"
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return _checked(data, "utf-32", source), "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _checked(data, "utf-16", source), "utf-16"
    if b"\x00" in data[:_SNIFF]:
        # Zero bytes: UTF-16 without a byte-order mark, or binary data.
        found = _best_utf16(data)
        if found is None:
            raise InputError(source, "not text: binary data (contains NUL bytes)")
        return _checked(found[0], found[1], source), found[1]
    text = _strict(data, "utf-8")
    if text is not None:
        return _checked(text, "utf-8", source), "utf-8"
    text = _strict(data, "gb18030")
    if text is not None and _control_ratio(text) <= _MAX_CONTROL_RATIO:
        return _checked(text, "gb18030", source), "gb18030"
    found = _best_utf16(data)  # CJK-only UTF-16 has no zero bytes
    if found is not None:
        return _checked(found[0], found[1], source), found[1]
    if text is not None:
        raise InputError(source, "not text: binary data (control characters)")
    raise InputError(source, "cannot decode: not valid UTF-8, GB18030 or UTF-16")


def _checked(data: bytes | str, encoding: str, source: str) -> str:
    """Decode (if needed) and refuse binary or blank content."""
    if isinstance(data, bytes):
        text = _strict(data, encoding)
        if text is None:
            raise InputError(
                source, f"cannot decode: invalid {encoding} despite its byte-order mark"
            )
    else:
        text = data
    if _control_ratio(text) > _MAX_CONTROL_RATIO:
        raise InputError(source, "not text: binary data (control characters)")
    if not text.strip():
        raise InputError(source, "empty file")
    return text


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """A file's bytes; raises :class:`InputError` with a one-line reason when it cannot."""
    source = os.fspath(path)
    p = Path(source)
    try:
        if p.is_dir():
            raise InputError(source, "is a directory")
        return p.read_bytes()
    except FileNotFoundError:
        raise InputError(source, "no such file") from None
    except IsADirectoryError:
        raise InputError(source, "is a directory") from None
    except PermissionError:
        raise InputError(source, "permission denied") from None
    except OSError as exc:
        raise InputError(source, f"cannot read: {exc.strerror or exc}") from None


def read_text(path: str | os.PathLike[str]) -> tuple[str, str]:
    """Read and decode a file. Returns ``(text, encoding)``; raises :class:`InputError`."""
    return decode_bytes(read_bytes(path), os.fspath(path))
