"""``diff --format json``: the contract (README, "speechdiff diff"), read off the comparison graph.

Contract keys: ``similarity``, ``skeleton`` (``a``, ``b``, ``corresponding``,
``in_order``), ``a`` / ``b`` (``source``, ``title``, ``sections`` nested as in
``parse --format json``), ``matches`` (``a``, ``b``, ``kind``, ``score``),
``deleted``, ``inserted``. Extra keys: ``counts`` at the top and ``pairs`` in
``skeleton``; in each match ``heading_score``, ``text_score``, ``context_score``,
``changed``, ``renumbered``, ``template`` (when the headings share words) and
``inline`` (when computed); in each document ``index``.
"""

from __future__ import annotations

import json
from typing import Any

import networkx as nx

from ..graph import sections_of
from .labels import similarity_value

__all__ = ["diff_json", "dumps"]

_SECTION_KEYS = ("id", "level", "marker", "heading", "text")
_PARSE_EXTRA = ("style", "number", "inline", "implicit")


def _round(x: float) -> float:
    return round(float(x), 4)


def _section(g: nx.DiGraph, key: str) -> dict[str, Any]:
    d = g.nodes[key]
    out: dict[str, Any] = {k: d[k] for k in _SECTION_KEYS}
    out["span"] = list(d["span"])
    out["heading_span"] = list(d["heading_span"])
    for k in _PARSE_EXTRA:
        out[k] = d.get(k)
    out["children"] = [
        _section(g, c)
        for c in sorted(
            (v for _, v, e in g.out_edges(key, data=True) if e["kind"] == "contains"),
            key=lambda n: g.nodes[n]["order"],
        )
    ]
    return out


def _document(g: nx.DiGraph, side: str) -> dict[str, Any]:
    root = f"{side}:"
    tops = sorted(
        (v for _, v, e in g.out_edges(root, data=True) if e["kind"] == "contains"),
        key=lambda n: g.nodes[n]["order"],
    )
    return {
        "source": g.graph.get(f"{side}_source", ""),
        "title": g.graph.get(f"{side}_title", ""),
        "index": g.nodes[root].get("index", 0),
        "sections": [_section(g, t) for t in tops],
    }


def diff_json(g: nx.DiGraph) -> dict[str, Any]:
    """The ``diff --format json`` object of comparison graph ``g``."""
    matches = []
    for u in sections_of(g, "a"):
        for _, v, e in g.out_edges(u, data=True):
            if e["kind"] == "contains":
                continue
            m: dict[str, Any] = {
                "a": g.nodes[u]["id"],
                "b": g.nodes[v]["id"],
                "kind": e["kind"],
                "score": _round(e["score"]),
                "heading_score": _round(e["heading_score"]),
                "text_score": _round(e["text_score"]),
                "context_score": _round(e["context_score"]),
                "changed": bool(e["changed"]),
                "renumbered": bool(e["renumbered"]),
            }
            if e.get("template"):
                m["template"] = e["template"]
            if "inline" in e:
                m["inline"] = e["inline"]
            matches.append(m)
    matches.sort(key=lambda m: (g.nodes[f"a:{m['a']}"]["order"], g.nodes[f"b:{m['b']}"]["order"]))
    out: dict[str, Any] = {"similarity": similarity_value(g.graph.get("similarity", 0.0))}
    if g.graph.get("skeleton"):
        out["skeleton"] = dict(g.graph["skeleton"])
    return out | {
        "a": _document(g, "a"),
        "b": _document(g, "b"),
        "matches": matches,
        "deleted": [
            g.nodes[k]["id"] for k in sections_of(g, "a") if g.nodes[k]["status"] == "deleted"
        ],
        "inserted": [
            g.nodes[k]["id"] for k in sections_of(g, "b") if g.nodes[k]["status"] == "inserted"
        ],
        "counts": dict(g.graph.get("counts", {})),
    }


def dumps(obj: Any, *, indent: int | None = 2) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=indent)
