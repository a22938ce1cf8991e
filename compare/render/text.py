"""Both skeletons side by side for a terminal: one row per section, a status word per row.

Plain text, no colour and no terminal library: CJK characters take two columns
(:func:`unicodedata.east_asian_width`), so cells are cut and padded by display
width, not by ``len``. With ``inline=True`` each changed pair is followed by its
inline diff, deletions as ``[-…-]`` and insertions as ``{+…+}`` (wdiff style).
"""

from __future__ import annotations

import unicodedata
from typing import Any

import networkx as nx

from .rows import Row, build_rows, display_heading, display_marker, status_label

__all__ = ["cell_width", "fit", "render_text"]

_STATUS_W = 9
_SCORE_W = 5
_INDENT = 2


def cell_width(text: str) -> int:
    """Display width of ``text`` in a terminal (wide and full-width characters count 2)."""
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1
        for c in text
    )


def fit(text: str, width: int) -> str:
    """``text`` cut (with ``…``) and padded with spaces to exactly ``width`` columns."""
    if width <= 0:
        return ""
    if cell_width(text) <= width:
        return text + " " * (width - cell_width(text))
    out, used = [], 0
    for c in text:
        w = cell_width(c)
        if used + w > width - 1:
            break
        out.append(c)
        used += w
    return "".join(out) + "…" + " " * (width - used - 1)


def _label(g: nx.DiGraph, key: str | None) -> str:
    if key is None:
        return ""
    d = g.nodes[key]
    indent = " " * (_INDENT * max(0, int(d.get("depth", d["level"])) - 1))
    heading = display_heading(d)
    return f"{indent}{d['id']} {display_marker(d)}{heading}"


def _note(row: Row) -> str:
    if not row.others:
        return ""
    ids = ", ".join(o.split(":", 1)[1] for o in row.others)
    return f" → {ids}" if row.a is not None else f" ← {ids}"


def _inline(g: nx.DiGraph, row: Row) -> list[str]:
    edge = row.edge
    if (
        not edge
        or not edge.get("changed")
        or "inline" not in edge
        or row.a is None
        or row.b is None
    ):
        return []
    a, b = g.nodes[row.a], g.nodes[row.b]
    lines = []
    for part in ("heading", "text"):
        ops = edge["inline"][part]
        if all(op[0] == "equal" for op in ops):
            continue
        lines.append(wdiff(a[part], b[part], ops))
    return lines


def wdiff(x: str, y: str, ops: list[Any]) -> str:
    """One string showing deletions as ``[-…-]`` and insertions as ``{+…+}``."""
    out = []
    for tag, a0, a1, b0, b1 in ops:
        if tag == "equal":
            out.append(y[b0:b1])
            continue
        if a1 > a0:
            out.append(f"[-{x[a0:a1]}-]")
        if b1 > b0:
            out.append(f"{{+{y[b0:b1]}+}}")
    return "".join(out).replace("\n", " ¶ ")


def render_text(g: nx.DiGraph, *, width: int = 120, inline: bool = False) -> str:
    """The side-by-side view of comparison graph ``g``, ``width`` columns wide."""
    side = max(20, (width - _STATUS_W - _SCORE_W - 5) // 2)
    sep = " │ "
    lines = []
    title_a = f"A: {g.graph.get('a_source') or 'a'}  {g.graph.get('a_title', '')}"
    title_b = f"B: {g.graph.get('b_source') or 'b'}  {g.graph.get('b_title', '')}"
    head = f"{fit('status', _STATUS_W)} {fit('score', _SCORE_W)} {fit(title_a, side)}{sep}"
    head += fit(title_b, side)
    lines.append(head.rstrip())
    lines.append("─" * min(width, _STATUS_W + _SCORE_W + 2 * side + 5))
    for row in build_rows(g):
        score = f"{row.score:.2f}" if row.score is not None else ""
        left = _label(g, row.a) + (_note(row) if row.a is not None else "")
        right = _label(g, row.b) + (_note(row) if row.b is not None else "")
        line = f"{fit(status_label(row.status), _STATUS_W)} {fit(score, _SCORE_W)} "
        line += f"{fit(left, side)}{sep}{fit(right, side)}"
        lines.append(line.rstrip())
        if inline:
            lines.extend(f"{'':{_STATUS_W + _SCORE_W + 2}}{d}" for d in _inline(g, row))
    counts = g.graph.get("counts", {})
    summary = ", ".join(f"{status_label(k)} {v}" for k, v in counts.items() if v)
    lines.append("─" * min(width, _STATUS_W + _SCORE_W + 2 * side + 5))
    lines.append(
        f"similarity {g.graph.get('similarity', 0.0):.4f}  ({summary or 'nothing to compare'})"
    )
    return "\n".join(lines) + "\n"
