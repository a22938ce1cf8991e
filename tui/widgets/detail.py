"""The detail pane: the selected pair in full, with the inline character diff.

Shows the row's kind and score (with the component scores the graph carries),
the runner-up candidates of each side, and both sections' heading and own text,
deletions marked on the left and insertions on the right.

Where the opcodes come from: the graph's match edge when it carries them
(``inline``), otherwise :func:`compare.inline.diff_text` on the two nodes' text,
run in a thread worker so a long section never stalls a key press; results are
cached per pair. Opcodes always run a → b; with sides swapped they are mirrored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from ..legend import symbol
from ..rows import KINDS, Row

__all__ = ["DetailPane", "Ops", "mirror_ops"]

#: difflib-style opcodes: (tag, a_start, a_end, b_start, b_end).
Ops = tuple[tuple[str, int, int, int, int], ...]
_FLIP = {"insert": "delete", "delete": "insert"}


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


def _diff(a_head: str, a_text: str, b_head: str, b_text: str) -> tuple[Ops, Ops]:
    """Heading and body opcodes from the core's inline diff (runs in a worker)."""
    from compare.inline import diff_text

    return _as_ops(diff_text(a_head, b_head)), _as_ops(diff_text(a_text, b_text))


def _edge_ops(edge: Mapping[str, Any]) -> tuple[Ops, Ops] | None:
    """Opcodes stored on a match edge, if the graph carries them."""
    inline = edge.get("inline")
    if inline is None:
        return None
    if hasattr(inline, "heading"):
        return _as_ops(inline.heading), _as_ops(inline.text)
    if isinstance(inline, Mapping):
        return _as_ops(inline.get("heading", ())), _as_ops(inline.get("text", ()))
    return None


class DetailPane(VerticalScroll):
    """Both sections of the selected row in full."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "detail--insert",
        "detail--delete",
        "detail--heading",
        "detail--label",
        "detail--muted",
        *(f"detail--{kind}" for kind in KINDS),
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.graph: Any = None
        self.left_side = "a"
        self.row: Row | None = None
        self._ops: dict[tuple[str, str], tuple[Ops, Ops]] = {}
        #: The texts last shown on the left and right (kept for tests and captures).
        self.shown: tuple[Text, Text] = (Text(), Text())

    def compose(self) -> ComposeResult:
        yield Static(id="detail-info")
        with Horizontal(id="detail-sides"):
            yield Static(id="detail-left", classes="detail-side")
            yield Static(id="detail-right", classes="detail-side")

    # -- data in ----------------------------------------------------------------

    def show(self, row: Row | None, graph: Any, left_side: str) -> None:
        """Show ``row``; the inline diff follows from a worker if not cached."""
        self.graph, self.left_side, self.row = graph, left_side, row
        self._paint()
        pair = self._pair()
        if pair is not None and pair not in self._ops:
            self._compute(pair)
        self.scroll_home(animate=False)

    def _pair(self) -> tuple[str, str] | None:
        """(a node, b node) of the selected row when both sides hold a section."""
        row = self.row
        if row is None or row.left is None or row.right is None:
            return None
        left, right = row.left.key, row.right.key
        return (left, right) if self.left_side == "a" else (right, left)

    @work(thread=True, exclusive=True, group="inline")
    def _compute(self, pair: tuple[str, str]) -> None:
        a, b = self.graph.nodes[pair[0]], self.graph.nodes[pair[1]]
        edge = self.graph.get_edge_data(*pair) or {}
        ops = _edge_ops(edge) or _diff(
            str(a.get("heading", "")),
            str(a.get("text", "")),
            str(b.get("heading", "")),
            str(b.get("text", "")),
        )
        self.app.call_from_thread(self._computed, pair, ops)

    def _computed(self, pair: tuple[str, str], ops: tuple[Ops, Ops]) -> None:
        self._ops[pair] = ops
        if self._pair() == pair:
            self._paint()

    # -- painting ---------------------------------------------------------------

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"detail--{name}")

    def _paint(self) -> None:
        info = self.query_one("#detail-info", Static)
        left = self.query_one("#detail-left", Static)
        right = self.query_one("#detail-right", Static)
        row = self.row
        if row is None or self.graph is None:
            info.update(Text("No row selected.", self._style("muted")))
            left.update("")
            right.update("")
            return
        info.update(self._info(row))
        pair = self._pair()
        ops = self._ops.get(pair) if pair is not None else None
        if ops is not None and self.left_side != "a":
            ops = (mirror_ops(ops[0]), mirror_ops(ops[1]))
        self.shown = (
            self._side(row.left.key if row.left else None, ops, True),
            self._side(row.right.key if row.right else None, ops, False),
        )
        left.update(self.shown[0])
        right.update(self.shown[1])

    def _info(self, row: Row) -> Text:
        kind_style = self._style(row.kind) if row.kind in KINDS else Style()
        label = self._style("label")
        text = Text()
        text.append(f"{symbol(row.kind)} {row.kind}", kind_style + Style(bold=True))
        if row.score is not None:
            text.append(f"   score {row.score:.2f}", label)
        pair = self._pair()
        if pair is not None:
            edge = self.graph.get_edge_data(*pair) or {}
            parts = [
                f"{name.removesuffix('_score')} {value:.2f}"
                for name, value in sorted(edge.items())
                if name.endswith("_score") and isinstance(value, int | float)
            ]
            if parts:
                text.append("   (" + ", ".join(parts) + ")", self._style("muted"))
            if edge.get("renumbered"):
                text.append("   renumbered", self._style("label"))
        return text

    def _candidates(self, key: str) -> Text:
        """The runner-up sections of the other side for ``key``, one a line."""
        node = self.graph.nodes[key]
        other = "b" if node.get("side", key[:1]) == "a" else "a"
        cands: Sequence[Any] = node.get("candidates") or ()
        text = Text("runner-ups:", self._style("label"))
        if not cands:
            text.append(" none", self._style("muted"))
        for cand in cands:
            cid, score = str(cand[0]), float(cand[1])
            other_node = self.graph.nodes.get(f"{other}:{cid}", {})
            heading = str(other_node.get("marker", "")) + str(other_node.get("heading", ""))
            text.append(f"\n  {score:.2f} ", self._style("label"))
            text.append(f"{cid} {heading}", self._style("muted"))
        return text

    def _side(self, key: str | None, ops: tuple[Ops, Ops] | None, left: bool) -> Text:
        if key is None:
            return Text("(nothing on this side)", self._style("muted"))
        node = self.graph.nodes[key]
        heading = str(node.get("marker", "")) + str(node.get("heading", ""))
        marker_len = len(str(node.get("marker", "")))
        body = str(node.get("text", ""))
        head_ops, body_ops = ops if ops is not None else ((), ())
        out = Text()
        out.append_text(self._marked(heading, head_ops, left, marker_len, self._style("heading")))
        out.append("\n")
        out.append_text(self._candidates(key))
        if body:
            out.append("\n")
            out.append("\n")
            out.append_text(self._marked(body, body_ops, left, 0, Style()))
        return out

    def _marked(self, text: str, ops: Ops, left: bool, offset: int, base: Style) -> Text:
        """``text`` with the ranges this side lost (left) or gained (right) styled."""
        out = Text(text, base)
        style = self._style("delete") if left else self._style("insert")
        for tag, a0, a1, b0, b1 in ops:
            if tag == "equal":
                continue
            start, end = (a0, a1) if left else (b0, b1)
            if end > start:
                out.stylize(style, start + offset, end + offset)
        return out
