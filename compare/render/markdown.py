"""``diff --format markdown``: a summary and a side-by-side table for reviews and issues.

GitHub-flavoured Markdown: one table row per row of the shared row model
(:mod:`compare.render.rows`: opening first, closing last), then the inline diff
of every changed pair and part, with deletions as ``~~…~~`` and insertions as
``**…**``. A moved section (or the second part of a split or merge) has a row at
its own place on each side; the other column holds a ghost note such as
``┆ moved to §2.1 …`` so the table reads without links. Input text is escaped so
``|``, ``*``, ``_``, ``<``... in a speech cannot break the table or inject markup.
"""

from __future__ import annotations

import re
from typing import Any

import networkx as nx

from .rows import (
    PART_LABELS,
    AlignedRows,
    Cell,
    Row,
    build_rows,
    display_heading,
    display_marker,
    ghost_note,
    part_text,
    row_inline,
    status_label,
)

__all__ = ["escape", "render_markdown"]

_SPECIAL = re.compile(r"([\\`*_\[\]|~<>])")


def escape(text: str) -> str:
    """``text`` with Markdown (and HTML) specials escaped and line breaks flattened."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _label(g: nx.DiGraph, rows: AlignedRows, row: Row, cell: Cell | None) -> str:
    if cell is None:
        return ""
    side = cell.key[:1]
    if cell.part:
        text = part_text(g, side, cell.part)
        return escape(PART_LABELS[cell.part] + display_heading({"heading": "", "text": text}))
    d = g.nodes[cell.key]
    lead = "\u3000" * (cell.level - 1)  # ideographic spaces survive Markdown table cells
    heading = escape(display_marker(d) + display_heading(d))
    if cell.ghost:
        return f"{lead}┆ _{escape(ghost_note(row.kind, side == 'b', cell.id))}_ {heading}"
    text = f"{escape(cell.id)} {heading}"
    others = rows.elsewhere(row, cell)
    if others:
        arrow = "→" if side == "a" else "←"
        text += f" {arrow} " + ", ".join(escape(o.split(":", 1)[1]) for o in others)
    return lead + text


def _diff(x: str, y: str, ops: list[Any]) -> str:
    out = []
    for tag, a0, a1, b0, b1 in ops:
        if tag == "equal":
            out.append(escape(y[b0:b1]))
            continue
        if a1 > a0 and x[a0:a1].strip():
            out.append(f"~~{escape(x[a0:a1])}~~")
        if b1 > b0 and y[b0:b1].strip():
            out.append(f"**{escape(y[b0:b1])}**")
    return "".join(out)


def render_markdown(g: nx.DiGraph) -> str:
    """The Markdown report of comparison graph ``g``."""
    a_src = escape(str(g.graph.get("a_source") or "A"))
    b_src = escape(str(g.graph.get("b_source") or "B"))
    counts = g.graph.get("counts", {})
    summary = ", ".join(f"{status_label(k)} {v}" for k, v in counts.items() if v)
    lines = [
        f"## Comparison: {a_src} → {b_src}",
        "",
        f"- A: {a_src} — {escape(str(g.graph.get('a_title', '')))}",
        f"- B: {b_src} — {escape(str(g.graph.get('b_title', '')))}",
        f"- similarity: {float(g.graph.get('similarity', 0.0)):.4f}"
        f" ({summary or 'nothing to compare'})",
        "",
        "| status | score | A | B |",
        "|---|---:|---|---|",
    ]
    rows = build_rows(g, parts=True)
    for row in rows:
        score = f"{row.score:.2f}" if row.score is not None else ""
        left, right = _label(g, rows, row, row.left), _label(g, rows, row, row.right)
        lines.append(f"| {status_label(row.kind)} | {score} | {left} | {right} |")
    changes = _changes(g, rows)
    if changes:
        lines += ["", "### Changes inside matched sections", "", *changes]
    return "\n".join(lines).rstrip() + "\n"


def _changes(g: nx.DiGraph, rows: AlignedRows) -> list[str]:
    """A block per changed pair (once, though a moved pair has two rows) and per part."""
    out: list[str] = []
    seen: set[Any] = set()
    for row in rows:
        what = row.pair or row.part
        if not what or what in seen:
            continue
        seen.add(what)
        fields = row_inline(g, row)
        if not fields:
            continue
        if row.pair is not None:
            a, b = (escape(g.nodes[k]["id"]) for k in row.pair)
            title = f"{a} → {b}"
        else:
            title = f"{PART_LABELS[row.part]} {row.part}"
        out += [f"#### {title} ({status_label(row.kind)})", ""]
        out += [f"- {name}: {_diff(x, y, ops)}" for name, (x, y, ops) in fields.items()]
        out.append("")
    return out
