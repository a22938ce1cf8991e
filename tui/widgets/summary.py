"""The header: both titles over their columns, the similarity and the kind counts.

The counts come from the graph's ``counts`` attribute (a → b). With sides
swapped they are mirrored (inserted ↔ deleted, split ↔ merged, promoted ↔
demoted) so that they always describe left → right, like the rows below.
When the full line does not fit (80 columns) the words are dropped and the
symbols stay: the help screen has the legend.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from compare.render.rows import KINDS, mirror_kind

from ..layout import GUTTER, fit, side_widths
from ..legend import symbol

__all__ = ["Summary", "SummaryBar"]

_ALWAYS = ("identical", "modified", "moved", "split", "merged", "inserted", "deleted")


@dataclass(frozen=True)
class Summary:
    """What the header shows; ``status`` is the view's state in words."""

    left_title: str = ""
    right_title: str = ""
    left_source: str = ""
    right_source: str = ""
    similarity: float | None = None
    counts: Mapping[str, int] = field(default_factory=dict)
    status: str = ""

    def swapped(self) -> Summary:
        return Summary(
            self.right_title,
            self.left_title,
            self.right_source,
            self.left_source,
            self.similarity,
            {mirror_kind(k): v for k, v in self.counts.items()},
            self.status,
        )


class SummaryBar(Widget):
    """Three lines: titles, similarity and counts, view status."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "summary--title",
        "summary--source",
        "summary--similarity",
        "summary--status",
        *(f"summary--{kind}" for kind in KINDS),
    }

    DEFAULT_CSS = "SummaryBar { height: 3; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.summary = Summary(status="comparing…")

    def set_summary(self, summary: Summary) -> None:
        self.summary = summary
        self.refresh()

    def plain(self) -> str:
        """The header as plain text at its current width (for tests and captures)."""
        return "\n".join(line.plain for line in self._lines(self.size.width or 80))

    def render(self) -> Text:
        return Text("\n").join(self._lines(self.size.width))

    def _lines(self, width: int) -> list[Text]:
        s = self.summary
        title = self.get_component_rich_style("summary--title")
        source = self.get_component_rich_style("summary--source")
        left_w, right_w = side_widths(width)
        heads = Text()
        for label, name, src, w in (
            ("A", s.left_title, s.left_source, left_w),
            ("B", s.right_title, s.right_source, right_w),
        ):
            head = f"{label} {name or '(untitled)'}"
            tail = f"  {src.rsplit('/', 1)[-1]}" if src else ""
            cell = fit(head + tail, w)  # CJK-aware: never half a character
            heads.append(cell[: len(head)], title)
            heads.append(cell[len(head) :], source)
            if label == "A":
                heads.append(" " * GUTTER)
        return [heads, self._counts(width), self._status(width)]

    def _counts(self, width: int) -> Text:
        """Similarity and counts in the longest form that fits: words, then symbols only."""
        s = self.summary
        kinds = [k for k in KINDS if k in _ALWAYS or s.counts.get(k)]
        forms = (
            ("similarity {pct}", "  {sym} {n} {kind}"),
            ("{pct}", " {sym}{n} {kind}"),
            ("{pct}", " {sym}{n}"),
        )
        line = Text()
        for head, item in forms:
            line = Text()
            if s.similarity is not None:
                pct = f"{s.similarity * 100:.0f}%"
                line.append(
                    head.format(pct=pct), self.get_component_rich_style("summary--similarity")
                )
            for kind in kinds:
                text = item.format(sym=symbol(kind), n=s.counts.get(kind, 0), kind=kind)
                line.append(text, self.get_component_rich_style(f"summary--{kind}"))
            if cell_len(line.plain) <= width:
                return line
        line.truncate(width, overflow="ellipsis")
        return line

    def _status(self, width: int) -> Text:
        return Text(
            fit(self.summary.status, width),
            self.get_component_rich_style("summary--status"),
        )
