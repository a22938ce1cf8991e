"""Small comparison graphs built by hand, following the schema in docs/design.md.

The row-model and Pilot tests use these so that each layout rule is checked on a
case small enough to read, independently of how the alignment engine scores.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher

import networkx as nx

Sec = tuple[str, str, str]  # (id, marker, heading); level = number of dots + 1
Match = tuple[str, str, str, float]  # (a id, b id, kind, score)


def _add_side(g: nx.DiGraph, side: str, sections: Sequence[Sec], title: str) -> None:
    root = f"{side}:"
    g.add_node(
        root,
        side=side,
        id="",
        marker="",
        heading=title,
        level=0,
        text="",
        span=(0, 0),
        order=0,
        status="root",
        candidates=[],
    )
    for order, (sid, marker, heading) in enumerate(sections, start=1):
        key = f"{side}:{sid}"
        g.add_node(
            key,
            side=side,
            id=sid,
            marker=marker,
            heading=heading,
            level=sid.count(".") + 1,
            text=f"{heading}的正文。" * 3,
            span=(order * 100, order * 100 + 90),
            order=order,
            status="deleted" if side == "a" else "inserted",
            candidates=[],
        )
        parent = f"{side}:{sid.rsplit('.', 1)[0]}" if "." in sid else root
        g.add_edge(parent, key, kind="contains")


def make_graph(
    a: Sequence[Sec],
    b: Sequence[Sec],
    matches: Iterable[Match],
    *,
    titles: tuple[str, str] = ("甲讲话", "乙讲话"),
    similarity: float = 0.5,
) -> nx.DiGraph:
    """A comparison graph: two section trees and the match edges between them."""
    g = nx.DiGraph()
    _add_side(g, "a", a, titles[0])
    _add_side(g, "b", b, titles[1])
    counts: dict[str, int] = {}
    for aid, bid, kind, score in matches:
        a_node, b_node = g.nodes[f"a:{aid}"], g.nodes[f"b:{bid}"]
        # Inline opcodes on the edge, as the engine stores them; difflib keeps these
        # fixtures independent of compare.inline's choices.
        inline = {
            part: [
                list(op)
                for op in SequenceMatcher(
                    None, a_node[part], b_node[part], autojunk=False
                ).get_opcodes()
            ]
            for part in ("heading", "text")
        }
        g.add_edge(
            f"a:{aid}",
            f"b:{bid}",
            kind=kind,
            score=score,
            heading_score=score,
            text_score=score,
            context_score=1.0,
            changed=kind != "identical",
            renumbered=False,
            inline=inline,
        )
        g.nodes[f"a:{aid}"]["status"] = "matched"
        g.nodes[f"b:{bid}"]["status"] = "matched"
        g.nodes[f"a:{aid}"]["candidates"].append((bid, score))
        g.nodes[f"b:{bid}"]["candidates"].append((aid, score))
        counts[kind] = counts.get(kind, 0) + 1
    counts["deleted"] = sum(1 for _, d in g.nodes(data=True) if d["status"] == "deleted")
    counts["inserted"] = sum(1 for _, d in g.nodes(data=True) if d["status"] == "inserted")
    g.graph.update(
        similarity=similarity,
        a_source="a.txt",
        b_source="b.txt",
        a_title=titles[0],
        b_title=titles[1],
        counts=counts,
    )
    return g


def mixed_graph() -> nx.DiGraph:
    """Every kind at once: identical, modified, moved, split, inserted, deleted, nesting."""
    a = [
        ("1", "一、", "统一思想"),
        ("1.1", "（一）", "重要意义"),
        ("1.2", "（二）", "旧的小节"),
        ("2", "二、", "突出重点"),
        ("2.1", "（一）", "搬走的小节"),
        ("2.2", "（二）", "要拆开的小节"),
        ("3", "三、", "加强领导"),
    ]
    b = [
        ("1", "一、", "统一思想"),
        ("1.1", "（一）", "重要意义！"),
        ("2", "二、", "突出重点"),
        ("2.1", "（一）", "拆开之一"),
        ("2.2", "（二）", "拆开之二"),
        ("2.3", "（三）", "新增小节"),
        ("3", "三、", "加强领导"),
        ("3.1", "（一）", "搬来的小节"),
    ]
    matches = [
        ("1", "1", "identical", 1.0),
        ("1.1", "1.1", "modified", 0.9),
        ("2", "2", "identical", 1.0),
        ("2.1", "3.1", "moved", 0.8),
        ("2.2", "2.1", "split", 0.7),
        ("2.2", "2.2", "split", 0.6),
        ("3", "3", "modified", 0.95),
    ]
    return make_graph(a, b, matches)
