"""``diff --format markdown``: a summary and a side-by-side table for reviews and issues.

GitHub-flavoured Markdown: one table row per view row (status, score, A, B),
then, for every changed pair, its inline diff with deletions as ``~~…~~`` and
insertions as ``**…**``. Input text is escaped so ``|``, ``*``, ``_``, ``<``...
in a speech cannot break the table or inject markup.
"""

from __future__ import annotations

import re
from typing import Any

import networkx as nx

from .rows import Row, build_rows, display_heading, display_marker, status_label

__all__ = ["render_markdown"]

_SPECIAL = re.compile(r"([\\`*_\[\]|~<>])")


def escape(text: str) -> str:
    """``text`` with Markdown (and HTML) specials escaped and line breaks flattened."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _label(g: nx.DiGraph, key: str | None, row: Row) -> str:
    if key is None:
        return ""
    d = g.nodes[key]
    depth = int(d.get("depth", d["level"]) or 1)
    lead = "\u3000" * (depth - 1)  # ideographic spaces survive Markdown table cells
    text = f"{lead}{escape(d['id'])} {escape(display_marker(d) + display_heading(d))}"
    if row.others:
        arrow = "→" if key.startswith("a:") else "←"
        text += f" {arrow} " + ", ".join(escape(o.split(":", 1)[1]) for o in row.others)
    return text


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
    rows = build_rows(g)
    for row in rows:
        score = f"{row.score:.2f}" if row.score is not None else ""
        left, right = _label(g, row.a, row), _label(g, row.b, row)
        lines.append(f"| {status_label(row.status)} | {score} | {left} | {right} |")
    changes = [r for r in rows if r.edge and r.edge.get("changed") and "inline" in r.edge]
    if changes:
        lines += ["", "### Changes inside matched sections", ""]
        for row in changes:
            assert row.a is not None and row.b is not None and row.edge is not None
            a, b = g.nodes[row.a], g.nodes[row.b]
            lines.append(f"#### {escape(a['id'])} → {escape(b['id'])} ({status_label(row.status)})")
            lines.append("")
            for part in ("heading", "text"):
                ops = row.edge["inline"][part]
                if any(op[0] != "equal" for op in ops):
                    lines.append(f"- {part}: {_diff(a[part], b[part], ops)}")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
