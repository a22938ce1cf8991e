"""What every human view states first: the two documents, the skeleton, the similarity.

One definition for the text, Markdown, HTML and Word views and the terminal UI:

1. each document by its title and file name, never cut;
2. the skeleton correspondence (``skeleton: 3 of 3 top sections correspond, in
   order``), and for each pair of corresponding top-level sections the template
   line they share (``一、 ↔ 一、  shared: ____认识开展____活动的重____``);
3. the text similarity and the counts of each kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from .labels import Labels

__all__ = ["Header", "PairLine", "header"]


@dataclass(frozen=True, slots=True)
class PairLine:
    """Two corresponding top-level sections and the line they share ("" if none)."""

    a_id: str
    b_id: str
    a_marker: str
    b_marker: str
    template: str

    def text(self, words: Labels) -> str:
        pair = f"{self.a_marker or self.a_id} ↔ {self.b_marker or self.b_id}"
        return f"{pair}  {words.shared(self.template) or '—'}"


@dataclass(frozen=True, slots=True)
class Header:
    """The header of one comparison, in one language."""

    titles: tuple[str, str]
    names: tuple[str, str]  # file names (no folders)
    skeleton: str  # "" when the graph carries no skeleton
    pairs: tuple[PairLine, ...]
    summary: str  # text similarity and counts
    words: Labels

    def document(self, k: int) -> str:
        """``A  title  (name)``."""
        label = self.words.word("ab"[k])
        name = f"  ({self.names[k]})" if self.names[k] else ""
        return f"{label}  {self.titles[k]}{name}"

    def lines(self) -> list[str]:
        """The header as plain lines (pairs indented under the skeleton line)."""
        out = [self.document(0), self.document(1)]
        if self.skeleton:
            out.append(self.skeleton)
            out += [f"  {p.text(self.words)}" for p in self.pairs]
        out.append(self.summary)
        return out


def header(g: Any, words: Labels) -> Header:
    """The :class:`Header` of comparison graph ``g``."""
    graph = g.graph
    titles = tuple(str(graph.get(f"{s}_title") or words.word("untitled")) for s in "ab")
    names = tuple(PurePath(str(graph.get(f"{s}_source") or "")).name for s in "ab")
    skeleton = graph.get("skeleton")
    pairs = []
    for a_id, b_id in (skeleton or {}).get("pairs", ()):
        edge = g.get_edge_data(f"a:{a_id}", f"b:{b_id}") or {}
        pairs.append(
            PairLine(
                str(a_id),
                str(b_id),
                str(g.nodes[f"a:{a_id}"].get("marker", "")),
                str(g.nodes[f"b:{b_id}"].get("marker", "")),
                str(edge.get("template", "")),
            )
        )
    counts = words.counts(graph.get("counts", {})) or words.word("nothing")
    sep = "：" if words.lang == "zh" else ": "
    summary = words.similarity(graph.get("similarity", 0.0)) + sep + counts
    return Header(
        (titles[0], titles[1]),
        (names[0], names[1]),
        words.skeleton(skeleton),
        tuple(pairs),
        summary,
        words,
    )
