"""A self-contained HTML 新旧对照表 (two-column comparison table) of a comparison graph.

One HTML file, no scripts, no external assets: the style sheet is inline. The
unnumbered opening and closing get a row each at the top and bottom. Each row
holds a section of A on the left and of B on the right (marker, heading, body);
changed text is marked with ``<del>`` / ``<ins>`` from the inline diff on the
match edge. A moved, split or merged section appears at both places and each
copy links to the other (``#a-<id>`` / ``#b-<id>``). Every piece of input text
goes through :func:`html.escape`; nothing from the documents reaches the page raw.

The batch report calls :func:`render_html` for member-pair diffs too.
"""

from __future__ import annotations

import html
from typing import Any

import networkx as nx

from ..normalize import normalize
from .rows import Row, build_rows, display_heading, status_label

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


def _cell(g: nx.DiGraph, key: str | None, row: Row, side: str) -> str:
    if key is None:
        return f'<td class="{side} empty"></td>'
    d = g.nodes[key]
    depth = int(d.get("depth", d["level"]) or 1)
    inline = row.edge.get("inline") if row.edge else None
    if d["heading"]:
        heading = _marked(d["heading"], inline["heading"] if inline else None, side)
    else:
        heading = f'<span class="m">{_e(display_heading(d))}</span>'

    body = _marked(d["text"], inline["text"] if inline else None, side)
    links = "".join(
        f'<a class="x" href="#{_e(_anchor(o))}">{"→" if side == "a" else "←"} '
        f"{_e(o.split(':', 1)[1])}</a>"
        for o in row.others
    )
    marker = f'<span class="m">{_e(d["marker"])}</span>' if d["marker"] else ""
    sid = f'<span class="m">{_e(d["id"])}</span>'
    return (
        f'<td class="{side} lvl{min(depth, 4)}" id="{_e(_anchor(key))}">'
        f'<div class="h">{sid}{marker}{heading}{links}</div>'
        f'<div class="body">{body}</div></td>'
    )


def _part_row(g: nx.DiGraph, part: str, label: str) -> str:
    """A row for an unnumbered part (opening, closing) kept on the documents' roots."""
    x, y = str(g.nodes["a:"].get(part, "")), str(g.nodes["b:"].get(part, ""))
    if not x and not y:
        return ""
    if not y:
        status = "deleted"
    elif not x:
        status = "inserted"
    else:
        status = "identical" if normalize(x) == normalize(y) else "modified"

    def cell(side: str, text: str) -> str:
        if not text:
            return f'<td class="{side} empty"></td>'
        return (
            f'<td class="{side}"><div class="h"><span class="m">{_e(label)}</span></div>'
            f'<div class="body">{_e(text)}</div></td>'
        )

    return (
        f'<tr class="{status}"><td class="st">{_e(status_label(status))}</td><td class="st"></td>'
        f"{cell('a', x)}{cell('b', y)}</tr>"
    )


def render_html(g: nx.DiGraph, *, title: str = "新旧对照表") -> str:
    """A complete HTML page comparing the two documents of ``g`` side by side."""
    a_src = g.graph.get("a_source") or "A"
    b_src = g.graph.get("b_source") or "B"
    counts = g.graph.get("counts", {})
    summary = "，".join(f"{_e(status_label(k))} {int(v)}" for k, v in counts.items() if v)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f'<div class="meta">similarity {float(g.graph.get("similarity", 0.0)):.4f}'
        f"{'（' + summary + '）' if summary else ''}</div>",
        '<table><colgroup><col class="st"><col class="sc"><col><col></colgroup>',
        "<thead><tr><th>状态</th><th>相似</th>"
        f"<th>原文 A：{_e(a_src)}<br>{_e(g.graph.get('a_title', ''))}</th>"
        f"<th>修改稿 B：{_e(b_src)}<br>{_e(g.graph.get('b_title', ''))}</th></tr></thead><tbody>",
    ]
    parts.append(_part_row(g, "opening", "开头"))
    for row in build_rows(g):
        score = f"{row.score:.2f}" if row.score is not None else ""
        parts.append(
            f'<tr class="{_e(row.status)}"><td class="st">{_e(status_label(row.status))}</td>'
            f'<td class="st">{score}</td>'
            f"{_cell(g, row.a, row, 'a')}{_cell(g, row.b, row, 'b')}</tr>"
        )
    parts.append(_part_row(g, "closing", "结尾"))
    parts.append("</tbody></table></body></html>")
    return "\n".join(parts) + "\n"
