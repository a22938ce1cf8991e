"""speechdiff's headless core: parse speeches, align their section trees, report.

This package never imports ``textual`` or ``rich``; the terminal UI lives in the
separate ``tui`` package, which imports this one.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .align import Alignment, Match, Weights, align
from .model import Document, ParsedFile, Part, Removed, Section
from .parse import parse_file, parse_text
from .textio import InputError, decode_bytes, read_text

if TYPE_CHECKING:
    from .graph import comparison_graph
    from .inline import InlineDiff, inline_diff
    from .similarity import SectionScorer

__version__ = "0.1.0"

# `align` is imported eagerly: the function shares its name with the module, and a
# lazy export would be shadowed by the submodule once anything imported it. It
# costs numpy and rapidfuzz (~70 ms); scipy waits for the first alignment. The rest
# (networkx: ~0.1 s) loads on first use, so `speechdiff parse` stays light.
_LAZY = {
    "comparison_graph": ".graph",
    "InlineDiff": ".inline",
    "inline_diff": ".inline",
    "SectionScorer": ".similarity",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "Alignment",
    "Document",
    "InlineDiff",
    "InputError",
    "Match",
    "ParsedFile",
    "Part",
    "Removed",
    "Section",
    "SectionScorer",
    "Weights",
    "__version__",
    "align",
    "comparison_graph",
    "decode_bytes",
    "inline_diff",
    "parse_file",
    "parse_text",
    "read_text",
]
