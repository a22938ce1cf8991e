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

__all__ = ["escape", "render_markdown"]

_SPECIAL = re.compile(r"([\\`*_\[\]|~<>])")


def escape(text: str) -> str:
    """``text`` with Markdown (and HTML) specials escaped and line breaks flattened."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _label(g: nx.DiGraph, rows: AlignedRows, row: Row, cell: Cell | None, words: Labels) -> str:
    if cell is None:
        return ""
    side = cell.key[:1]
    if cell.part:
        text = part_text(g, side, cell.part)
        return escape(words.part(cell.part, text))
    d = g.nodes[cell.key]
    lead = "\u3000" * (cell.level - 1)  # ideographic spaces survive Markdown table cells
    heading = escape(display_marker(d) + display_heading(d))
    if cell.ghost:
        return f"{lead}┆ _{escape(words.ghost(row.kind, side == 'b', cell.id))}_ {heading}"
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


def render_markdown(g: nx.DiGraph, *, lang: str | None = None) -> str:
    """The Markdown report of comparison graph ``g`` (``lang``: ``zh``, ``en`` or detected)."""
    words = labels_for(g, lang)
    a_src = escape(str(g.graph.get("a_source") or "A"))
    b_src = escape(str(g.graph.get("b_source") or "B"))
    top = header(g, words)
    lines = [f"## {words.word('table')}: {a_src} → {b_src}", ""]
    lines += [f"- {escape(top.document(k))}" for k in (0, 1)]
    if top.skeleton:
        lines.append(f"- **{escape(top.skeleton)}**")
        lines += [f"  - {escape(p.text(words))}" for p in top.pairs]
    lines += [f"- {escape(top.summary)}", ""]
    status, score = words.word("status"), words.word("score")
    lines += [f"| {status} | {score} | A | B |", "|---|---:|---|---|"]
    rows = build_rows(g, parts=True)
    for row in rows:
        score_text = f"{row.score:.2f}" if row.score is not None else ""
        left = _label(g, rows, row, row.left, words)
        right = _label(g, rows, row, row.right, words)
        lines.append(f"| {words.kind(row.kind)} | {score_text} | {left} | {right} |")
    changes = _changes(g, rows, words)
    if changes:
        lines += ["", f"### {words.word('changes')}", "", *changes]
    return "\n".join(lines).rstrip() + "\n"


def _changes(g: nx.DiGraph, rows: AlignedRows, words: Labels) -> list[str]:
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
            title = words.word(row.part)
        out += [f"#### {title} ({words.kind(row.kind)})", ""]
        out += [f"- {name}: {_diff(x, y, ops)}" for name, (x, y, ops) in fields.items()]
        out.append("")
    return out
