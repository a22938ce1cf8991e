"""The detail pane: the selected pair in full, with the inline character diff.

Shows the row's kind (in the documents' language) and score, with the component
scores the graph carries, and under it the heading line the pair shares
(``共同：____认识开展____活动的重____``); then both sections side by side: heading,
runner-up candidates (labelled with the document they come from: the other one),
own text, with what the left lost struck through and what the right gained
underlined. An opening or closing row shows both texts with their inline diff.
Both columns wrap at the same width, by CJK line-breaking rules.

Why a ScrollView and not two ``Static`` widgets: a section of a government work
report runs to thousands of characters with hundreds of diff ranges; a Static
re-wraps and re-styles all of it on every cursor move (70-140 ms measured),
while this pane wraps once per row with :func:`tui.layout.wrap_offsets` and turns
only the visible lines into strips, cached like the skeleton's.

Where the opcodes come from: the graph's match edge (``inline``) when it carries
them, otherwise :func:`compare.inline.diff_text` on the two nodes' text, run in a
thread worker so a long section never stalls a key press; results are cached
per pair. Opcodes always run a → b; with sides swapped they are mirrored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events, work
from textual.cache import LRUCache
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from compare.render.labels import Labels
from compare.render.rows import KINDS, Row, display_marker, part_text

from ..layout import fit, wrap_offsets
from ..legend import symbol

__all__ = ["DetailPane", "Ops", "Styled", "mirror_ops"]

#: difflib-style opcodes: (tag, a_start, a_end, b_start, b_end).
Ops = tuple[tuple[str, int, int, int, int], ...]
#: One piece of a line: its text and the component-class names styling it.
Piece = tuple[str, tuple[str, ...]]
_FLIP = {"insert": "delete", "delete": "insert"}
_GAP = 2  # cells between the two columns


def mirror_ops(ops: Ops) -> Ops:
    """The same edit read b → a."""
    return tuple((_FLIP.get(t, t), b0, b1, a0, a1) for t, a0, a1, b0, b1 in ops)


def _as_ops(raw: Iterable[Any]) -> Ops:
    """Opcodes from compare.inline ``Op`` objects or plain 5-sequences."""
    out = []
    for op in raw:
        if hasattr(op, "tag"):
            out.append((op.tag, op.a_start, op.a_end, op.b_start, op.b_end))
        else:
            tag, a0, a1, b0, b1 = op
            out.append((str(tag), int(a0), int(a1), int(b0), int(b1)))
    return tuple(out)


#: The cache key of a part row's diff: (the part, "") ; a section pair's is (a key, b key).
def _part_key(part: str) -> tuple[str, str]:
    return (f"#{part}", "")


def _diff(a_head: str, a_text: str, b_head: str, b_text: str) -> tuple[Ops, Ops]:
    """Heading and body opcodes from the core's inline diff (runs in a worker)."""
    from compare.inline import diff_text

    return _as_ops(diff_text(a_head, b_head)), _as_ops(diff_text(a_text, b_text))


def _edge_ops(edge: Mapping[str, Any]) -> tuple[Ops, Ops] | None:
    """Opcodes stored on a match edge, if the graph carries them."""
    inline = edge.get("inline")
    if hasattr(inline, "heading"):
        return _as_ops(inline.heading), _as_ops(inline.text)  # type: ignore[union-attr]
    if isinstance(inline, Mapping):
        return _as_ops(inline.get("heading", ())), _as_ops(inline.get("text", ()))
    return None


@dataclass(frozen=True)
class Styled:
    """A text and the ranges of it to style: ``(start, end, class name)``."""

    text: str
    base: tuple[str, ...] = ()
    spans: tuple[tuple[int, int, str], ...] = ()

    def names(self, name: str) -> list[tuple[int, int]]:
        """The ranges styled ``name`` (for tests and captures)."""
        return [(s, e) for s, e, n in self.spans if n == name]

    def lines(self, width: int) -> list[list[Piece]]:
        """Wrapped to ``width`` cells, each line cut into uniformly styled pieces."""
        out = []
        for start, end in wrap_offsets(self.text, width):
            cuts = {start, end}
            for s, e, _ in self.spans:
                if s < end and e > start:
                    cuts.update(c for c in (s, e) if start < c < end)
            points = sorted(cuts)
            pieces: list[Piece] = []
            for a, b in pairwise(points):
                names = self.base + tuple(n for s, e, n in self.spans if s <= a and b <= e)
                pieces.append((self.text[a:b], names))
            out.append(pieces)
        return out


def _marked(text: str, ops: Ops, left: bool, offset: int, base: tuple[str, ...]) -> Styled:
    """``text`` with the ranges this side lost (left) or gained (right) marked."""
    name = "delete" if left else "insert"
    spans = []
    for tag, a0, a1, b0, b1 in ops:
        if tag == "equal":
            continue
        start, end = (a0, a1) if left else (b0, b1)
        if end > start:
            spans.append((start + offset, end + offset, name))
    return Styled(text, base, tuple(spans))


class DetailPane(ScrollView, can_focus=True):
    """Both sections of the selected row in full, scrolled as one."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "detail--insert",
        "detail--delete",
        "detail--heading",
        "detail--label",
        "detail--muted",
        *(f"detail--{kind}" for kind in KINDS),
    }

    # The scrollbar is always there so the text width never changes under built lines.
    DEFAULT_CSS = (
        "DetailPane { scrollbar-size-vertical: 1; overflow-x: hidden; overflow-y: scroll; }"
    )

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.graph: Any = None
        self.left_side = "a"
        self.row: Row | None = None
        self.words = Labels("en")
        self._ops: dict[tuple[str, str], tuple[Ops, Ops]] = {}
        #: What each column shows, as styled blocks (kept for tests and captures).
        self.shown: tuple[list[Styled], list[Styled]] = ([], [])
        self._info: list[Piece] = []
        self._shared: list[Piece] = []  # the pair's shared template line (line 1)
        self._lines: list[tuple[list[Piece], list[Piece]]] = []
        self._width = 0
        self._cache: LRUCache[tuple[int, int], Strip] = LRUCache(256)
        self._styles: dict[tuple[str, ...], Style] = {}

    # -- data in ----------------------------------------------------------------

    def show(
        self, row: Row | None, graph: Any, left_side: str, words: Labels | None = None
    ) -> None:
        """Show ``row``; the inline diff follows from a worker if not cached."""
        self.graph, self.left_side, self.row = graph, left_side, row
        self.words = words or self.words
        pair = self._pair()
        if pair is not None and pair not in self._ops:
            stored = (
                None if row is None or row.part else _edge_ops(graph.get_edge_data(*pair) or {})
            )
            if stored is not None:
                self._ops[pair] = stored  # the engine already diffed this pair
            elif row is not None and row.part and row.kind != "modified":
                self._ops[pair] = ((), ())  # nothing to diff: one side only, or the same
            else:
                self._compute(pair)  # diff in a worker; painted when it lands
        self._build()
        self.scroll_to(y=0, animate=False)

    def _pair(self) -> tuple[str, str] | None:
        """What the row's diff is cached under: its match edge (ghost rows included), or
        the part of an opening or closing row."""
        if self.row is None:
            return None
        return _part_key(self.row.part) if self.row.part else self.row.pair

    def _texts(self, pair: tuple[str, str]) -> tuple[str, str, str, str]:
        """Heading and text of both sides of ``pair`` (a part has no heading)."""
        if pair[0].startswith("#"):
            part = pair[0][1:]
            return "", part_text(self.graph, "a", part), "", part_text(self.graph, "b", part)
        a, b = self.graph.nodes[pair[0]], self.graph.nodes[pair[1]]
        return (
            str(a.get("heading", "")),
            str(a.get("text", "")),
            str(b.get("heading", "")),
            str(b.get("text", "")),
        )

    @work(thread=True, exclusive=True, group="inline")
    def _compute(self, pair: tuple[str, str]) -> None:
        ops = _diff(*self._texts(pair))
        self.app.call_from_thread(self._computed, pair, ops)

    def _computed(self, pair: tuple[str, str], ops: tuple[Ops, Ops]) -> None:
        self._ops[pair] = ops
        if self._pair() == pair:
            self._build()

    # -- building lines (once per row and width) --------------------------------

    def on_resize(self, event: events.Resize) -> None:
        if self.scrollable_content_region.width != self._width:
            self._build()

    def notify_style_update(self) -> None:
        """The theme changed: cached strips hold the old colours."""
        super().notify_style_update()
        self._styles.clear()
        self._cache.clear()

    def _build(self) -> None:
        self._cache.clear()
        self._width = width = self.scrollable_content_region.width
        row = self.row
        if row is None or self.graph is None:
            self._info = [("No row selected.", ("muted",))]
            self._shared = []
            self.shown = ([], [])
            self._lines = []
        else:
            self._info = self._info_pieces(row)
            edge = self.graph.get_edge_data(*row.pair) if row.pair is not None else None
            shared = self.words.shared(str((edge or {}).get("template", "")))
            self._shared = [(shared, ("label",))] if shared else []
            pair = self._pair()
            ops = self._ops.get(pair) if pair is not None else None
            if ops is not None and self.left_side != "a":
                ops = (mirror_ops(ops[0]), mirror_ops(ops[1]))
            if row.part:
                self.shown = (
                    self._part_blocks(row, row.left, ops, True),
                    self._part_blocks(row, row.right, ops, False),
                )
            else:
                self.shown = (
                    self._blocks(row.left.key if row.left else None, ops, True),
                    self._blocks(row.right.key if row.right else None, ops, False),
                )
            col_l, col_r = self._columns(width)
            left = [ln for block in self.shown[0] for ln in block.lines(col_l) or [[]]]
            right = [ln for block in self.shown[1] for ln in block.lines(col_r) or [[]]]
            n = max(len(left), len(right))
            left += [[]] * (n - len(left))
            right += [[]] * (n - len(right))
            self._lines = list(zip(left, right, strict=True))
        self.virtual_size = Size(width, 2 + len(self._lines))
        self.refresh()

    @staticmethod
    def _columns(width: int) -> tuple[int, int]:
        """Both columns wrap at the same width (an odd cell goes to the gap)."""
        side = max(1, (width - _GAP) // 2)
        return side, side

    def _info_pieces(self, row: Row) -> list[Piece]:
        kind = f"{symbol(row.kind)} {self.words.kind(row.kind)}"
        pieces: list[Piece] = [(kind, (row.kind, "heading"))]
        if row.score is not None:
            pieces.append((f"   score {row.score:.2f}", ("label",)))
        pair = row.pair
        if pair is not None:
            edge = self.graph.get_edge_data(*pair) or {}
            parts = [
                f"{name.removesuffix('_score')} {value:.2f}"
                for name, value in sorted(edge.items())
                if name.endswith("_score") and isinstance(value, int | float)
            ]
            if parts:
                pieces.append(("   (" + ", ".join(parts) + ")", ("muted",)))
            if edge.get("renumbered"):
                pieces.append(("   renumbered", ("label",)))
        return pieces

    def _part_blocks(
        self, row: Row, cell: Any, ops: tuple[Ops, Ops] | None, left: bool
    ) -> list[Styled]:
        """An opening or closing: its name, then its text with the changes marked."""
        if cell is None:
            return [Styled("(nothing on this side)", ("muted",))]
        text = part_text(self.graph, cell.key[:1], row.part)
        body_ops = ops[1] if ops is not None else ()
        return [
            Styled(self.words.word(row.part), ("heading",)),
            Styled(""),
            _marked(text, body_ops, left, 0, ()),
        ]

    def _blocks(self, key: str | None, ops: tuple[Ops, Ops] | None, left: bool) -> list[Styled]:
        """Heading, runner-ups, blank, own text: the column for one side."""
        if key is None:
            return [Styled("(nothing on this side)", ("muted",))]
        node = self.graph.nodes[key]
        marker = display_marker(node)
        head_ops, body_ops = ops if ops is not None else ((), ())
        blocks = [
            _marked(
                marker + str(node.get("heading", "")), head_ops, left, len(marker), ("heading",)
            )
        ]
        blocks += self._candidates(key, left)
        body = str(node.get("text", ""))
        if body.strip():
            blocks.append(Styled(""))
            blocks.append(_marked(body, body_ops, left, 0, ()))
        return blocks

    def _candidates(self, key: str, left: bool) -> list[Styled]:
        """The runner-up sections of the other side for ``key``, one a line."""
        node = self.graph.nodes[key]
        other = "b" if node.get("side", key[:1]) == "a" else "a"
        cands: Sequence[Any] = node.get("candidates") or ()
        # The runner-ups are sections of the *other* document: say so under this heading.
        whose = self.words.word(other)
        if not cands:
            return [Styled(f"runner-ups in {whose}: none", ("label",))]
        width = max(12, self._columns(self._width)[0 if left else 1])
        out = [Styled(f"runner-ups in {whose}:", ("label",))]
        for cand in cands:
            cid, score = str(cand[0]), float(cand[1])
            other_node = self.graph.nodes.get(f"{other}:{cid}", {})
            heading = display_marker(other_node) + str(other_node.get("heading", ""))
            lead = f"  {score:.2f} "
            # One line each: a wrapped candidate would read as two.
            line = lead + fit(f"{cid} {heading}", width - len(lead)).rstrip()
            out.append(Styled(line, ("muted",), ((0, len(lead), "label"),)))
        return out

    # -- rendering ----------------------------------------------------------------

    def _style(self, names: tuple[str, ...]) -> Style:
        style = self._styles.get(names)
        if style is None:
            style = self.rich_style
            for n in names:
                style += self.get_component_rich_style(f"detail--{n}")
            self._styles[names] = style
        return style

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = self.scroll_offset.y + y
        key = (line, width)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render_detail_line(line, width)
            self._cache[key] = strip
        return strip

    def _render_detail_line(self, line: int, width: int) -> Strip:
        base = self.rich_style
        if line in (0, 1):
            pieces = self._info if line == 0 else self._shared
            segments = [Segment(t, self._style(n)) for t, n in pieces]
            return Strip(segments).crop(0, width).adjust_cell_length(width, base)
        index = line - 2
        if not 0 <= index < len(self._lines):
            return Strip.blank(width, base)
        col_l, col_r = self._columns(width)
        left, right = self._lines[index]
        left_strip = Strip([Segment(t, self._style(n)) for t, n in left])
        right_strip = Strip([Segment(t, self._style(n)) for t, n in right])
        return Strip.join(
            [
                left_strip.adjust_cell_length(col_l, base),
                Strip.blank(_GAP, base),
                right_strip.adjust_cell_length(col_r, base),
            ]
        ).adjust_cell_length(width, base)
