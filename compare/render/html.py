"""A self-contained HTML 新旧对照表 (two-column comparison table) of a comparison graph.

One HTML file, no scripts, no external assets: the style sheet is inline. Rows
come from the shared row model (:mod:`compare.render.rows`): the unnumbered
opening and closing get a row each at the top and bottom, and each other row
holds a section of A on the left and of B on the right (marker, heading, body).
Changed text is marked with ``<del>`` / ``<ins>``, from the inline diff on the
match edge (computed for the opening and closing). A moved section, or the
second part of a split or merge, has a row at its own place on each side; the
other column of that row holds a dimmed ghost of its partner ("moved to §2.1"),
linking to where the partner really sits (``#a-<id>`` / ``#b-<id>``), and a
section whose other partners sit elsewhere lists links to them. Every piece of
input text goes through :func:`html.escape`; nothing from the documents reaches
the page raw.

The batch report calls :func:`render_html` for member-pair diffs too.
"""

from __future__ import annotations

import html
from typing import Any

import networkx as nx

from .header import header
from .labels import Labels, labels_for
from .rows import (
    AlignedRows,
    Change,
    Row,
    build_rows,
    display_heading,
    part_text,
    row_inline,
)

__all__ = ["render_html"]

_CSS = """
body{font-family:"Noto Serif CJK SC","Songti SC",SimSun,serif;margin:1.5em;color:#222}
h1{font-size:1.3em}.meta{color:#555;margin-bottom:1em}
table{border-collapse:collapse;width:100%;table-layout:fixed}
th,td{border:1px solid #bbb;padding:.4em .6em;vertical-align:top;word-wrap:break-word}
th{background:#eee}col.st{width:6.5em}col.sc{width:3.5em}
td.st{font-family:sans-serif;font-size:.85em;white-space:nowrap}
.h{font-weight:bold}.m{color:#555;margin-right:.25em}.body{white-space:pre-wrap;margin-top:.3em}
.empty{background:#f6f6f6}.lvl2{padding-left:1.2em}.lvl3{padding-left:2.4em}.lvl4{padding-left:3.6em}
del{background:#fdd;text-decoration:line-through}ins{background:#dfd;text-decoration:none}
tr.deleted td.a{background:#fff0f0}tr.inserted td.b{background:#f0fff0}
tr.moved td.st,tr.split td.st,tr.merged td.st,tr.promoted td.st,tr.demoted td.st{color:#a50}
a.x{font-family:sans-serif;font-size:.8em;margin-left:.4em}
.skeleton{margin:.5em 0 1em}.skeleton ul{margin:.3em 0;color:#444}
td.ghost{color:#888;font-style:italic;background:#fafafa}td.ghost a.x{margin:0 .4em 0 0}
"""


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _anchor(key: str) -> str:
    side, sid = key.split(":", 1)
    return f"{side}-{sid}"


def _marked(text: str, ops: list[Any] | None, side: str) -> str:
    """``text`` escaped, with this side's changes wrapped in ``<del>``/``<ins>``."""
    if not ops:
        return _e(text)
    out = []
    tag_name = "del" if side == "a" else "ins"
    for tag, a0, a1, b0, b1 in ops:
        lo, hi = (a0, a1) if side == "a" else (b0, b1)
        piece = _e(text[lo:hi])
        if not piece:
            continue
        out.append(piece if tag == "equal" else f"<{tag_name}>{piece}</{tag_name}>")
    return "".join(out)


def _cell(
    g: nx.DiGraph,
    rows: AlignedRows,
    row: Row,
    side: str,
    changes: dict[str, Change],
    words: Labels,
) -> str:
    """Column ``side`` of a row: a gap, a part, a ghost note or a section with its marks."""
    cell = row.left if side == "a" else row.right
    if cell is None:
        return f'<td class="{side} empty"></td>'
    if cell.part:
        body = _marked(part_text(g, side, cell.part), _ops(changes, "text"), side)
        return (
            f'<td class="{side}"><div class="h"><span class="m">{_e(words.word(cell.part))}'
            f'</span></div><div class="body">{body}</div></td>'
        )
    d = g.nodes[cell.key]
    lvl = f"lvl{min(cell.level, 4)}"
    marker = f'<span class="m">{_e(d["marker"])}</span>' if d["marker"] else ""
    if cell.ghost:
        # The partner's body is shown where it lives; here only what and where.
        note = words.ghost(row.kind, side == "b", cell.id)
        return (
            f'<td class="{side} ghost {lvl}"><div class="h">'
            f'<a class="x" href="#{_e(_anchor(cell.key))}">{_e(note)}</a>'
            f"{marker}{_e(display_heading(d))}</div></td>"
        )
    if d["heading"]:
        heading = _marked(d["heading"], _ops(changes, "heading"), side)
    else:
        heading = f'<span class="m">{_e(display_heading(d))}</span>'
    body = _marked(d["text"], _ops(changes, "text"), side)
    arrow = "→" if side == "a" else "←"
    links = "".join(
        f'<a class="x" href="#{_e(_anchor(o))}">{arrow} {_e(o.split(":", 1)[1])}</a>'
        for o in rows.elsewhere(row, cell)
    )
    sid = f'<span class="m">{_e(d["id"])}</span>'
    return (
        f'<td class="{side} {lvl}" id="{_e(_anchor(cell.key))}">'
        f'<div class="h">{sid}{marker}{heading}{links}</div>'
        f'<div class="body">{body}</div></td>'
    )


def _ops(changes: dict[str, Change], name: str) -> list[Any] | None:
    change = changes.get(name)
    return change[2] if change else None


def render_html(g: nx.DiGraph, *, title: str | None = None, lang: str | None = None) -> str:
    """A complete HTML page comparing the two documents of ``g`` side by side.

    ``lang``: ``zh`` or ``en`` labels (default: the documents' language); ``title``
    defaults to the language's name for the table (修改对照表).
    """
    words = labels_for(g, lang)
    top = header(g, words)
    title = title or words.word("table")
    a_src = g.graph.get("a_source") or "A"
    b_src = g.graph.get("b_source") or "B"
    pairs = "".join(f"<li>{_e(p.text(words))}</li>" for p in top.pairs)
    skeleton = (
        f'<div class="skeleton"><b>{_e(top.skeleton)}</b><ul>{pairs}</ul></div>'
        if top.skeleton
        else ""
    )
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if words.lang == "zh" else "en"}"><head><meta charset="utf-8">',
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f'<div class="meta">{_e(top.document(0))}<br>{_e(top.document(1))}</div>',
        skeleton,
        f'<div class="meta">{_e(top.summary)}</div>',
        '<table><colgroup><col class="st"><col class="sc"><col><col></colgroup>',
        f"<thead><tr><th>{_e(words.word('status'))}</th><th>{_e(words.word('score'))}</th>"
        f"<th>{_e(words.word('original'))} A：{_e(a_src)}<br>{_e(top.titles[0])}</th>"
        f"<th>{_e(words.word('revised'))} B：{_e(b_src)}<br>{_e(top.titles[1])}</th></tr>"
        "</thead><tbody>",
    ]
    rows = build_rows(g, parts=True)
    for row in rows:
        score = f"{row.score:.2f}" if row.score is not None else ""
        changes = row_inline(g, row)
        parts.append(
            f'<tr class="{_e(row.kind)}"><td class="st">{_e(words.kind(row.kind))}</td>'
            f'<td class="st">{score}</td>{_cell(g, rows, row, "a", changes, words)}'
            f"{_cell(g, rows, row, 'b', changes, words)}</tr>"
        )
    parts.append("</tbody></table></body></html>")
    return "\n".join(p for p in parts if p) + "\n"
