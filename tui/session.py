"""The work behind the screen: parse two files, align the chosen speeches, lay out rows.

Pure Python (no textual): the app calls these from a thread worker, and the
benchmark and tests call them directly. The alignment itself is the core's:
:func:`compare.align.align` then :func:`compare.graph.comparison_graph`; the UI
only reads the resulting graph.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from compare.commands.common import out_of_range
from compare.model import Document, ParsedFile
from compare.parse import parse_file
from compare.render.labels import Labels, labels_for
from compare.render.rows import AlignedRows, Cell, build_rows, part_text, spaced_marker
from compare.textio import InputError

__all__ = ["Comparer", "Comparison", "Request", "choose", "engine_compare", "load", "rows_for"]

#: Builds the comparison graph of two speeches; ``(a, b, source_a, source_b)``.
Comparer = Callable[[Document, Document, str, str], Any]


@dataclass(frozen=True)
class Request:
    """What the user asked to compare; ``doc_a`` / ``doc_b`` None means "ask"."""

    path_a: str
    path_b: str
    doc_a: int | None = None
    doc_b: int | None = None
    lang: str | None = None  # zh / en labels; None: the documents' language


@dataclass(frozen=True)
class Comparison:
    """The graph, its two row layouts (left = a, left = b) and the labels' language."""

    graph: Any
    rows: AlignedRows
    swapped_rows: AlignedRows = field(repr=False)
    words: Labels = field(default_factory=lambda: Labels("en"))

    def orientation(self, swap: bool) -> AlignedRows:
        return self.swapped_rows if swap else self.rows

    def text_of(self, cell: Cell) -> str:
        """A cell's own text: a section's body, or the opening / closing of a part row."""
        if cell.part:
            return part_text(self.graph, cell.key[:1], cell.part)
        key = cell.key
        return str(self.graph.nodes[key].get("text", "")) if key in self.graph else ""

    def label_of(self, cell: Cell) -> str:
        """What a cell says in the skeleton: marker and heading, or ``开头（…）``."""
        if cell.part:
            return self.words.part(cell.part, self.text_of(cell))
        return spaced_marker(cell.marker) + cell.heading


def load(path: str) -> ParsedFile:
    """Parse ``path``; an :class:`InputError` when it is unreadable or holds no speech."""
    parsed = parse_file(path)
    if not parsed.documents:
        raise InputError(os.fspath(path), "no speech found in the file")
    return parsed


def choose(parsed: ParsedFile, index: int | None, option: str) -> Document | None:
    """The speech at ``index``; the only one when there is one; None when the user must pick."""
    docs = parsed.documents
    if index is None:
        return docs[0] if len(docs) == 1 else None
    if not 0 <= index < len(docs):
        raise InputError(parsed.source, out_of_range(option, index, len(docs)))
    return docs[index]


def engine_compare(a: Document, b: Document, source_a: str, source_b: str) -> Any:
    """The core's alignment and comparison graph for two speeches."""
    from compare.align import align
    from compare.graph import comparison_graph

    return comparison_graph(align(a, b), source_a=source_a, source_b=source_b)


def rows_for(graph: Any, lang: str | None = None) -> Comparison:
    """Both row layouts of ``graph``, opening and closing rows included (built in the
    worker, not on the UI thread), and the labels in ``lang`` (default: detected)."""
    return Comparison(
        graph,
        build_rows(graph, parts=True),
        build_rows(graph, swap=True, parts=True),
        labels_for(graph, lang),
    )
