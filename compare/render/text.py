"""Both skeletons side by side for a terminal: one row per section, a status word per row.

Plain text, no colour and no terminal library: CJK characters take two columns
(:func:`unicodedata.east_asian_width`), so cells are cut and padded by display
width, not by ``len``. Rows come from the shared row model
(:mod:`compare.render.rows`, with the opening and closing as first and last
rows). A moved section, or the second part of a split or merge, sits on its own
row with its partner as a ghost in the other column: ``┆ → 2.1 …`` (a's
section went to b's 2.1) or ``┆ ← 2.6 …`` (b's section came from a's 2.6). With
``inline=True`` each changed pair (once) and each changed part is followed by its
inline diff, deletions as ``[-…-]`` and insertions as ``{+…+}`` (wdiff style).
"""

from __future__ import annotations

import unicodedata
from typing import Any

import networkx as nx

from .header import header
from .labels import Labels, labels_for
from .rows import (
    AlignedRows,
    Cell,
    Row,
    build_rows,
    display_heading,
    display_marker,
    part_text,
    row_inline,
)

__all__ = ["cell_width", "fit", "render_text", "wdiff"]

_STATUS_W = 9
_SCORE_W = 6
_INDENT = 2
_GHOST = "┆"


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


def _label(g: nx.DiGraph, rows: AlignedRows, row: Row, cell: Cell | None, words: Labels) -> str:
    """What one column of ``row`` says: a part, a section (with its other partners), a ghost."""
    if cell is None:
        return ""
    side = cell.key[:1]
    if cell.part:
        text = part_text(g, side, cell.part)
        return words.part(cell.part, text)
    d = g.nodes[cell.key]
    indent = " " * (_INDENT * max(0, cell.level - 1))
    arrow = "→" if side == "a" else "←"
    label = f"{cell.id} {display_marker(d)}{display_heading(d)}"
    if cell.ghost:
        # A ghost stands for the partner of the section this row owns; arrows run a → b.
        return f"{indent}{_GHOST} {'←' if side == 'a' else '→'} {label}"
    others = rows.elsewhere(row, cell)
    if others:
        label += f" {arrow} " + ", ".join(o.split(":", 1)[1] for o in others)
    return indent + label


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


def render_text(
    g: nx.DiGraph, *, width: int = 120, inline: bool = False, lang: str | None = None
) -> str:
    """The side-by-side view of comparison graph ``g``, ``width`` columns wide.

    ``lang``: ``zh`` or ``en`` for the labels (default: the documents' language).
    """
    words = labels_for(g, lang)
    side = max(20, (width - _STATUS_W - _SCORE_W - 5) // 2)
    sep = " │ "
    rule = "─" * min(width, _STATUS_W + _SCORE_W + 2 * side + 5)
    top = header(g, words)
    lines = top.lines()
    lines.append(rule)
    head = f"{fit(words.word('status'), _STATUS_W)} {fit(words.word('score'), _SCORE_W)} "
    head += f"{fit(words.word('a'), side)}{sep}{words.word('b')}"
    lines.append(head.rstrip())
    lines.append(rule)
    rows = build_rows(g, parts=True)
    diffed: set[tuple[str, str] | str] = set()
    for row in rows:
        score = f"{row.score:.2f}" if row.score is not None else ""
        left = _label(g, rows, row, row.left, words)
        right = _label(g, rows, row, row.right, words)
        line = f"{fit(words.kind(row.kind), _STATUS_W)} {fit(score, _SCORE_W)} "
        line += f"{fit(left, side)}{sep}{fit(right, side)}"
        lines.append(line.rstrip())
        # A moved pair has two rows: its diff goes under the first.
        what = row.pair or row.part
        if inline and what and what not in diffed:
            diffed.add(what)
            pad = " " * (_STATUS_W + _SCORE_W + 2)
            lines.extend(pad + wdiff(x, y, ops) for x, y, ops in row_inline(g, row).values())
    lines.append(rule)
    lines += [line for line in (top.skeleton, top.summary) if line]
    return "\n".join(lines) + "\n"
