"""The header: both titles over their columns, then the skeleton, the similarity, the counts.

As in every human view (:mod:`compare.render.header`), the skeleton
correspondence comes first (``骨架：一级部分 3/3 对应，顺序一致``), then the text
similarity, then the number of sections of each kind, in the documents' language.
The counts come from the graph's ``counts`` attribute (a → b). With sides
swapped they are mirrored (inserted ↔ deleted, split ↔ merged, promoted ↔
demoted) and the skeleton's A and B trade places, so that they always describe
left → right, like the rows below. When the full line does not fit (80 columns)
the kind words are dropped and the symbols stay (the help screen has the legend),
then the similarity's words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from compare.render.labels import Labels
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
    skeleton: Mapping[str, object] | None = None  # as in ``diff --format json``
    words: Labels = field(default_factory=lambda: Labels("en"))

    def swapped(self) -> Summary:
        skeleton = None
        if self.skeleton:
            skeleton = {**self.skeleton, "a": self.skeleton["b"], "b": self.skeleton["a"]}
        return Summary(
            self.right_title,
            self.left_title,
            self.right_source,
            self.left_source,
            self.similarity,
            {mirror_kind(k): v for k, v in self.counts.items()},
            self.status,
            skeleton,
            self.words,
        )

    def with_status(self, status: str) -> Summary:
        return Summary(
            self.left_title,
            self.right_title,
            self.left_source,
            self.right_source,
            self.similarity,
            self.counts,
            status,
            self.skeleton,
            self.words,
        )


class SummaryBar(Widget):
    """Three lines: titles, similarity and counts, view status."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "summary--title",
        "summary--skeleton",
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
            head = f"{label} {name or s.words.word('untitled')}"
            tail = f"  {src.rsplit('/', 1)[-1]}" if src else ""
            cell = fit(head + tail, w)  # CJK-aware: never half a character
            heads.append(cell[: len(head)], title)
            heads.append(cell[len(head) :], source)
            if label == "A":
                heads.append(" " * GUTTER)
        return [heads, self._counts(width), self._status(width)]

    def _counts(self, width: int) -> Text:
        """Skeleton, similarity and counts in the longest form that fits: kind words
        dropped first (the symbols stay), then the similarity's words."""
        s = self.summary
        words = s.words
        kinds = [k for k in KINDS if k in _ALWAYS or s.counts.get(k)]
        similarity = ""
        if s.similarity is not None:
            similarity = words.similarity(s.similarity).split("（")[0].split(" (")[0]
        pct = similarity.rsplit(" ", 1)[-1]
        skeleton = words.skeleton(s.skeleton) if s.skeleton else ""
        forms = (
            (similarity, "  {sym} {n} {kind}", "   "),
            (similarity, " {sym}{n}", "   "),
            (pct, " {sym}{n}", "  "),
        )
        line = Text()
        for sim, item, gap in forms:
            line = Text()
            if skeleton:
                line.append(skeleton, self.get_component_rich_style("summary--skeleton"))
                line.append(gap)
            if sim:
                line.append(sim, self.get_component_rich_style("summary--similarity"))
            for kind in kinds:
                text = item.format(sym=symbol(kind), n=s.counts.get(kind, 0), kind=words.kind(kind))
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
