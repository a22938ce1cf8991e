"""One comparison as one networkx graph, the object every renderer and the TUI read.

Schema (see docs/design.md, "The comparison graph"):

- graph attributes: ``similarity``, ``a_source``, ``b_source``, ``a_title``,
  ``b_title``, ``counts`` (kind → number, with ``inserted`` and ``deleted``),
  ``skeleton`` (:meth:`compare.skeleton.Skeleton.to_json`: top-level sections of
  each side, how many correspond one to one, whether in order, the pairs);
- nodes ``"a:<id>"`` / ``"b:<id>"`` for sections, ``"a:"`` / ``"b:"`` for the two
  documents, with ``side``, ``id``, ``marker``, ``heading``, ``level`` (0 for a
  root), ``text``, ``span``, ``order`` (preorder index, root 0), ``status``
  (``matched``, ``inserted``, ``deleted`` or ``root``) and ``candidates``
  (``[(other_id, score), ...]``, best first, up to 3); also ``style``,
  ``number``, ``inline``, ``implicit`` and ``heading_span`` from the parse model,
  and on roots the document parts ``front``, ``salutation``, ``opening``, ``closing``;
- containment edges parent → child with ``kind="contains"``;
- match edges ``"a:<id>"`` → ``"b:<id>"`` with ``kind`` (one of
  :data:`compare.align.KINDS`), ``score``, ``heading_score``, ``text_score``,
  ``context_score``, ``changed``, ``renumbered``, ``template`` (the heading line
  both sections share, ``____`` where their words differ: :func:`compare.skeleton.template_line`)
  and, when the alignment computed them, ``inline``
  (``{"heading": [[tag, a0, a1, b0, b1], ...], "text": [...]}``).

Exports: :func:`to_graphml`, :func:`to_dot` (written here: no pydot or
pygraphviz needed), :func:`to_node_link`. GraphML holds only scalars, so lists,
tuples and dicts become JSON strings there and ``None`` becomes an empty string.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from typing import Any

import networkx as nx

from .align import Alignment
from .model import Document, Part, Section
from .skeleton import skeleton_of, template_line

__all__ = [
    "a_node",
    "b_node",
    "comparison_graph",
    "matches_of",
    "sections_of",
    "to_dot",
    "to_graphml",
    "to_node_link",
]


def a_node(section_id: str) -> str:
    """The node key of a section of document a (``""``: the document itself)."""
    return f"a:{section_id}"


def b_node(section_id: str) -> str:
    """The node key of a section of document b (``""``: the document itself)."""
    return f"b:{section_id}"


def _part(p: Part | None) -> str:
    return p.text if p is not None else ""


def _add_side(g: nx.DiGraph, side: str, doc: Document, status: dict[str, str], cands: Any) -> None:
    root = f"{side}:"
    g.add_node(
        root,
        side=side,
        id="",
        marker="",
        heading=doc.title,
        level=0,
        text="",
        span=tuple(doc.span),
        order=0,
        status="root",
        candidates=[],
        style="document",
        number=None,
        inline=False,
        implicit=False,
        heading_span=tuple(doc.title_part.span) if doc.title_part else (doc.span[0], doc.span[0]),
        index=doc.index,
        front=_part(doc.front),
        salutation=_part(doc.salutation),
        opening=_part(doc.opening),
        closing=_part(doc.closing),
    )
    order = 0

    def visit(sections: tuple[Section, ...], parent: str, depth: int) -> None:
        nonlocal order
        for s in sections:
            order += 1
            key = f"{side}:{s.id}"
            g.add_node(
                key,
                side=side,
                id=s.id,
                marker=s.marker,
                heading=s.heading,
                level=s.level,
                depth=depth,
                text=s.text,
                span=tuple(s.span),
                order=order,
                status=status.get(s.id, "matched"),
                candidates=[list(c) for c in cands.get(s.id, ())],
                style=s.style,
                number=s.number,
                inline=s.inline,
                implicit=s.implicit,
                heading_span=tuple(s.heading_span),
            )
            g.add_edge(parent, key, kind="contains")
            visit(s.children, key, depth + 1)

    visit(doc.sections, root, 1)


def comparison_graph(alignment: Alignment, *, source_a: str = "", source_b: str = "") -> nx.DiGraph:
    """The comparison graph of ``alignment`` (schema in the module docstring)."""
    g = nx.DiGraph(
        similarity=alignment.similarity,
        a_source=source_a,
        b_source=source_b,
        a_title=alignment.a.title,
        b_title=alignment.b.title,
        counts=alignment.counts(),
        skeleton=skeleton_of(
            [s.id for s in alignment.a.sections],
            [s.id for s in alignment.b.sections],
            [(m.a, m.b, m.score) for m in alignment.matches],
        ).to_json(),
    )
    _add_side(
        g, "a", alignment.a, dict.fromkeys(alignment.deleted, "deleted"), alignment.candidates_a
    )
    _add_side(
        g, "b", alignment.b, dict.fromkeys(alignment.inserted, "inserted"), alignment.candidates_b
    )
    heading_a = {s.id: s.heading for s in alignment.a.walk()}
    heading_b = {s.id: s.heading for s in alignment.b.walk()}
    for m in alignment.matches:
        attrs: dict[str, Any] = {
            "kind": m.kind,
            "score": m.score,
            "heading_score": m.heading_score,
            "text_score": m.text_score,
            "context_score": m.context_score,
            "changed": m.changed,
            "renumbered": m.renumbered,
            "template": template_line(heading_a.get(m.a, ""), heading_b.get(m.b, "")),
        }
        diff = alignment.inline.get((m.a, m.b))
        if diff is not None:
            attrs["inline"] = {
                "heading": [op.to_list() for op in diff.heading],
                "text": [op.to_list() for op in diff.text],
            }
        g.add_edge(a_node(m.a), b_node(m.b), **attrs)
    return g


# -- reading helpers (used by renderers and the TUI) ----------------------------------


def sections_of(g: nx.DiGraph, side: str) -> list[str]:
    """Section node keys of one side in document order (roots left out)."""
    keys = [n for n, d in g.nodes(data=True) if d["side"] == side and d["status"] != "root"]
    return sorted(keys, key=lambda n: g.nodes[n]["order"])


def matches_of(g: nx.DiGraph, node: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(other node, match edge attributes) for every match of ``node``, either side."""
    if g.nodes[node]["side"] == "a":
        for _, other, d in g.out_edges(node, data=True):
            if d["kind"] != "contains":
                yield other, d
    else:
        for other, _, d in g.in_edges(node, data=True):
            if d["kind"] != "contains":
                yield other, d


# -- exports ---------------------------------------------------------------------------


# What XML 1.0 cannot hold: most control characters and lone surrogates.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _scalar(value: Any) -> Any:
    """An attribute as GraphML holds it: scalars, JSON for the rest, text XML can hold
    (a character it cannot becomes U+FFFD)."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple, dict)):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str):
        return _NOT_XML.sub("\ufffd", value)
    return value


def to_graphml(g: nx.DiGraph) -> str:
    """GraphML text; non-scalar attributes are JSON strings."""
    h = nx.DiGraph()
    h.graph.update({k: _scalar(v) for k, v in g.graph.items()})
    for n, d in g.nodes(data=True):
        h.add_node(n, **{k: _scalar(v) for k, v in d.items()})
    for u, v, d in g.edges(data=True):
        h.add_edge(u, v, **{k: _scalar(x) for k, x in d.items()})
    buf = io.BytesIO()
    nx.write_graphml(h, buf, encoding="utf-8")
    return buf.getvalue().decode("utf-8")


def to_node_link(g: nx.DiGraph) -> dict[str, Any]:
    """node-link JSON data (``nodes`` and ``edges`` lists), ready for :func:`json.dumps`."""
    data: dict[str, Any] = nx.node_link_data(g, edges="edges")
    return data


def _dot_str(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


_DOT_COLOURS = {
    "identical": "gray50",
    "modified": "blue",
    "moved": "darkorange",
    "split": "purple",
    "merged": "purple",
    "promoted": "darkgreen",
    "demoted": "darkgreen",
}


def to_dot(g: nx.DiGraph, *, preview: int = 24) -> str:
    """Graphviz DOT: each document a cluster, match edges dashed and labelled by kind."""
    out = ["digraph comparison {", "  rankdir=LR;", '  node [shape=box, fontname="sans"];']
    for side in ("a", "b"):
        label = g.graph.get(f"{side}_source") or side
        out.append(f"  subgraph cluster_{side} {{")
        out.append(f"    label={_dot_str(str(label))};")
        for n in [f"{side}:", *sections_of(g, side)]:
            d = g.nodes[n]
            heading = d["heading"] if len(d["heading"]) <= preview else d["heading"][:preview] + "…"
            text = f"{d['id']} {d['marker']}{heading}".strip() or "(document)"
            style = {"inserted": ", color=green", "deleted": ", color=red"}.get(d["status"], "")
            out.append(f"    {_dot_str(n)} [label={_dot_str(text)}{style}];")
        out.append("  }")
    for u, v, d in g.edges(data=True):
        if d["kind"] == "contains":
            out.append(f"  {_dot_str(u)} -> {_dot_str(v)} [arrowhead=none];")
        else:
            label = f"{d['kind']} {d['score']:.2f}"
            colour = _DOT_COLOURS.get(d["kind"], "black")
            out.append(
                f"  {_dot_str(u)} -> {_dot_str(v)} "
                f"[style=dashed, constraint=false, color={colour}, label={_dot_str(label)}];"
            )
    out.append("}")
    return "\n".join(out) + "\n"
