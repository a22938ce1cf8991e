"""speechdiff's headless core: parse speeches, align their section trees, report.

This package never imports ``textual`` or ``rich``; the terminal UI lives in the
separate ``tui`` package, which imports this one.

Every name below loads on first use, so ``import compare`` (and ``speechdiff
--help``) costs next to nothing: numpy and rapidfuzz come with ``align``, networkx
with ``comparison_graph``, scipy with the first alignment.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .align import Alignment, Match, Weights, align
    from .graph import comparison_graph
    from .inline import InlineDiff, inline_diff
    from .model import Document, ParsedFile, Part, Removed, Section
    from .parse import parse_bytes, parse_file, parse_text
    from .similarity import SectionScorer
    from .textio import InputError, decode_bytes, read_text

__version__ = "0.1.0"

_LAZY = {
    "Alignment": ".align",
    "Match": ".align",
    "Weights": ".align",
    "align": ".align",
    "comparison_graph": ".graph",
    "InlineDiff": ".inline",
    "inline_diff": ".inline",
    "Document": ".model",
    "ParsedFile": ".model",
    "Part": ".model",
    "Removed": ".model",
    "Section": ".model",
    "parse_bytes": ".parse",
    "parse_file": ".parse",
    "parse_text": ".parse",
    "SectionScorer": ".similarity",
    "InputError": ".textio",
    "decode_bytes": ".textio",
    "read_text": ".textio",
}


class _Package(types.ModuleType):
    """``compare.align`` stays the function ``align`` once the submodule is loaded.

    Importing a submodule binds it on its package; the function shares the
    submodule's name, so the import system would replace ``compare.align`` (the
    function) with the module. Keeping the function there is what ``from compare
    import align`` has always given, whatever was imported first.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "align" and isinstance(value, types.ModuleType):
            value = value.align
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


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
    "parse_bytes",
    "parse_file",
    "parse_text",
    "read_text",
]
