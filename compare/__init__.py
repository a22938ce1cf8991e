"""speechdiff's headless core: parse speeches, align their section trees, report.

This package never imports ``textual`` or ``rich``; the terminal UI lives in the
separate ``tui`` package, which imports this one.
"""

from __future__ import annotations

from .model import Document, ParsedFile, Part, Removed, Section
from .parse import parse_file, parse_text
from .textio import InputError, decode_bytes, read_text

__version__ = "0.1.0"

__all__ = [
    "Document",
    "InputError",
    "ParsedFile",
    "Part",
    "Removed",
    "Section",
    "__version__",
    "decode_bytes",
    "parse_file",
    "parse_text",
    "read_text",
]
