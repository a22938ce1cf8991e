"""Files people actually have: plain text, Word ``.docx`` and PDF, told apart by their bytes.

:func:`extract` is the one way from a file's bytes to the text the parser reads:

- text files are decoded by :func:`compare.textio.decode` (UTF-8, GB18030,
  UTF-16; a few bad bytes replaced and reported);
- ``.docx`` (a ZIP holding ``word/document.xml``) by :mod:`compare.extract.docx`
  (python-docx, with Word's list numbers rendered and heading styles kept as levels);
- PDF (``%PDF-``) by :mod:`compare.extract.pdf` (pdfminer.six, paragraphs rebuilt,
  page headers, footers and numbers reported as furniture).

The file name's extension is never trusted: a ``.txt`` that is really a PDF is
read as a PDF. Formats that look like documents but cannot be read get one clear
reason: an encrypted Word file, a Word 97–2003 ``.doc``, an OpenDocument file, RTF,
a damaged ZIP or PDF. The libraries load only when such a file arrives.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..model import Removed
from ..textio import InputError, Replacement, decode

__all__ = ["FURNITURE", "Extracted", "extract", "sniff", "without_furniture"]

#: The reasons an extractor gives for page furniture (see :mod:`compare.extract.pdf`).
FURNITURE = frozenset({"page header", "page footer", "page number"})

_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: old Office, encrypted OOXML


@dataclass(frozen=True, slots=True)
class Extracted:
    """A file's text and how it was obtained.

    ``encoding`` is the text encoding of a text file ("" for Word and PDF, whose
    text is not a byte encoding); ``format`` is ``text``, ``docx`` or ``pdf``;
    ``extractor`` names the library and version ("" for text); ``furniture`` lists
    spans of ``text`` that are page headers, footers or numbers; ``replaced`` the
    bytes of a text file that were not valid in its encoding (see :func:`decode`).
    """

    text: str
    encoding: str
    format: str
    extractor: str = ""
    furniture: tuple[Removed, ...] = ()
    replaced: tuple[Replacement, ...] = ()

    def options(self) -> dict[str, Any]:
        """What :func:`compare.parse.parse_text` takes besides the text and source."""
        return {
            "encoding": self.encoding,
            "furniture": self.furniture,
            "format": self.format,
            "extractor": self.extractor,
        }


def without_furniture(text: str, removed: Iterable[Removed]) -> str:
    """``text`` with the page furniture among ``removed`` blanked by spaces (offsets kept).

    What batch compares (a PDF's running header is no part of the speech's words).
    """
    spans = [r.span for r in removed if r.reason in FURNITURE]
    if not spans:
        return text
    chars = list(text)
    for lo, hi in spans:
        chars[lo:hi] = " " * (hi - lo)
    return "".join(chars)


def sniff(data: bytes) -> str:
    """The kind of file ``data`` is: ``pdf``, ``docx``, ``zip``, ``cfb``, ``rtf`` or ``text``."""
    at = data.find(b"%PDF-", 0, 1024)
    if at == 0 or (at > 0 and b"%%EOF" in data[-2048:]):
        return "pdf"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        import zipfile  # here: it loads bz2 and lzma, which plain text never needs
        from io import BytesIO

        try:
            with zipfile.ZipFile(BytesIO(data)) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, EOFError, ValueError):
            # A damaged archive: a Word file if its first entries say so.
            return "docx" if b"word/" in data[:65536] else "zip"
        return "docx" if "word/document.xml" in names else _zip_kind(names, data)
    if data.startswith(_CFB):
        return "cfb"
    if data.startswith(b"{\\rtf"):
        return "rtf"
    return "text"


def _zip_kind(names: set[str], data: bytes) -> str:
    if "mimetype" in names and b"opendocument" in data[:200]:
        return "odf"
    return "zip"


def _cfb_reason(data: bytes) -> str:
    if "EncryptedPackage".encode("utf-16-le") in data:
        return "encrypted Word file: a password is needed to open it"
    if "WordDocument".encode("utf-16-le") in data:
        return "Word 97–2003 .doc file: not supported, save it as .docx"
    return "an old Office (OLE) file, not a .docx, PDF or text file"


def extract(data: bytes, source: str) -> Extracted:
    """The text of ``data`` (a file's bytes); raises :class:`InputError` with one line."""
    kind = sniff(data)
    if kind == "text":
        found = decode(data, source)
        return Extracted(found.text, found.encoding, "text", replaced=found.replaced)
    if kind == "pdf":
        from .pdf import extract_pdf, extractor_name

        text, furniture = extract_pdf(data, source)
        return Extracted(text, "", "pdf", extractor_name(), furniture)
    if kind == "docx":
        from .docx import extract_docx
        from .docx import extractor_name as docx_name

        text = extract_docx(data, source)
        if not text.strip():
            raise InputError(source, "empty Word file: no text in it")
        return Extracted(text, "", "docx", docx_name())
    if kind == "cfb":
        raise InputError(source, _cfb_reason(data))
    if kind == "odf":
        raise InputError(source, "OpenDocument file: not supported, save it as .docx or PDF")
    if kind == "rtf":
        raise InputError(source, "RTF file: not supported, save it as .docx or PDF")
    raise InputError(source, "a ZIP archive, not a Word .docx file")
