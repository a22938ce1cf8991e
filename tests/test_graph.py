"""The comparison graph: schema of docs/design.md and the three exports."""

from __future__ import annotations

import io
import json
from dataclasses import replace

import networkx as nx
import pytest

from compare.align import KINDS, align
from compare.graph import (
    comparison_graph,
    matches_of,
    sections_of,
    to_dot,
    to_graphml,
    to_node_link,
)
from tests.diff_support import SEED_000, SEED_001, speech


@pytest.fixture(scope="module")
def graph() -> nx.DiGraph:
    a, b = speech(SEED_000), speech(SEED_001)
    return comparison_graph(align(a, b), source_a="a.txt", source_b="b.txt")


def test_graph_attributes(graph: nx.DiGraph) -> None:
    r = align(speech(SEED_000), speech(SEED_001))
    assert graph.graph["similarity"] == r.similarity
    assert graph.graph["a_source"] == "a.txt" and graph.graph["b_source"] == "b.txt"
    assert graph.graph["a_title"] == speech(SEED_000).title
    assert graph.graph["counts"] == r.counts()


def test_nodes_follow_the_schema(graph: nx.DiGraph) -> None:
    a, b = speech(SEED_000), speech(SEED_001)
    assert graph.nodes["a:"]["status"] == "root" and graph.nodes["a:"]["level"] == 0
    assert graph.nodes["b:"]["status"] == "root" and graph.nodes["b:"]["side"] == "b"
    for side, doc in (("a", a), ("b", b)):
        keys = sections_of(graph, side)
        assert keys == [f"{side}:{s.id}" for s in doc.walk()]
        for order, (key, s) in enumerate(zip(keys, doc.walk(), strict=True), 1):
            d = graph.nodes[key]
            assert d["side"] == side and d["id"] == s.id and d["marker"] == s.marker
            assert d["heading"] == s.heading and d["text"] == s.text and d["level"] == s.level
            assert d["span"] == tuple(s.span) and d["order"] == order
            assert d["status"] in {"matched", "inserted", "deleted"}
            assert len(d["candidates"]) <= 3


def test_edges_follow_the_schema(graph: nx.DiGraph) -> None:
    contains = [(u, v) for u, v, d in graph.edges(data=True) if d["kind"] == "contains"]
    matches = [(u, v, d) for u, v, d in graph.edges(data=True) if d["kind"] != "contains"]
    a, b = speech(SEED_000), speech(SEED_001)
    assert len(contains) == sum(1 for _ in a.walk()) + sum(1 for _ in b.walk())
    assert ("a:", "a:1") in contains and ("a:1", "a:1.1") in contains
    assert matches
    for u, v, d in matches:
        assert u.startswith("a:") and v.startswith("b:")
        assert d["kind"] in KINDS and 0.0 <= d["score"] <= 1.0
        assert {"heading_score", "text_score", "context_score", "changed", "renumbered"} <= set(d)
        assert set(d["inline"]) == {"heading", "text"}
        assert graph.nodes[u]["status"] == graph.nodes[v]["status"] == "matched"
    deleted = [n for n in sections_of(graph, "a") if graph.nodes[n]["status"] == "deleted"]
    assert all(not list(matches_of(graph, n)) for n in deleted)
    assert list(matches_of(graph, "b:1")) == [("a:1", graph.edges["a:1", "b:1"])]


def test_graphml_round_trip(graph: nx.DiGraph) -> None:
    text = to_graphml(graph)
    back = nx.read_graphml(io.StringIO(text))
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    assert json.loads(back.nodes["a:1"]["span"]) == list(graph.nodes["a:1"]["span"])
    assert json.loads(back.graph["counts"]) == graph.graph["counts"]
    assert back.edges["a:1", "b:1"]["kind"] == graph.edges["a:1", "b:1"]["kind"]


def test_node_link_round_trip(graph: nx.DiGraph) -> None:
    data = json.loads(json.dumps(to_node_link(graph), ensure_ascii=False))
    back = nx.node_link_graph(data, edges="edges")
    assert set(back.nodes) == set(graph.nodes)
    assert back.edges["a:1", "b:1"]["score"] == graph.edges["a:1", "b:1"]["score"]


def test_dot_is_well_formed_and_escaped() -> None:
    a = speech(SEED_001)
    first = a.sections[0]
    tricky = replace(a, sections=(replace(first, heading='引号"和\\反斜杠'), *a.sections[1:]))
    g = comparison_graph(align(a, tricky), source_a='x"y', source_b="b")
    dot = to_dot(g)
    assert dot.startswith("digraph comparison {") and dot.rstrip().endswith("}")
    assert '\\"' in dot and "\\\\" in dot
    assert dot.count("subgraph cluster_") == 2
    assert '"a:1" -> "b:1"' in dot
    # every quote is escaped or a delimiter: the count of unescaped quotes is even per line
    for line in dot.splitlines():
        assert (line.count('"') - line.count('\\"')) % 2 == 0
