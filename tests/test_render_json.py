"""``diff --format json``: the contract in the README and docs/diff.md."""

from __future__ import annotations

import json

from compare.align import align
from compare.graph import comparison_graph
from compare.render.json import diff_json
from tests.diff_support import SEED_000, SEED_001, SEED_003, speech


def test_contract_keys_and_references() -> None:
    a, b = speech(SEED_000), speech(SEED_001)
    out = diff_json(comparison_graph(align(a, b), source_a="a.txt", source_b="b.txt"))
    assert {"similarity", "a", "b", "matches", "deleted", "inserted"} <= set(out)
    assert out["a"]["source"] == "a.txt" and out["a"]["title"] == a.title
    assert 0.0 <= out["similarity"] < 1.0
    ids_a = {s.id for s in a.walk()}
    ids_b = {s.id for s in b.walk()}
    for m in out["matches"]:
        assert {"a", "b", "kind", "score"} <= set(m)
        assert m["a"] in ids_a and m["b"] in ids_b
    matched_a = {m["a"] for m in out["matches"]}
    matched_b = {m["b"] for m in out["matches"]}
    assert set(out["deleted"]) == ids_a - matched_a
    assert set(out["inserted"]) == ids_b - matched_b
    json.dumps(out, ensure_ascii=False)


def test_sections_are_as_in_parse() -> None:
    a = speech(SEED_001)
    out = diff_json(comparison_graph(align(a, a)))
    assert out["a"]["sections"] == [s.to_json() for s in a.sections]
    assert out["b"]["sections"] == [s.to_json() for s in a.sections]


def test_similarity_is_exactly_one_only_for_identical_speeches() -> None:
    a, b = speech(SEED_003, 2), speech(SEED_003, 8)
    same = diff_json(comparison_graph(align(a, b)))
    assert same["similarity"] == 1.0
    assert {m["kind"] for m in same["matches"]} == {"identical"}
    assert same["deleted"] == [] and same["inserted"] == []
