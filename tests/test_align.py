"""Alignment of section trees: kinds, exact matches for hand-made edits, real fixtures."""

from __future__ import annotations

import copy
import itertools
import re
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pytest

from compare.align import KINDS, Alignment, Weights, align
from compare.matching import partial_assign
from compare.model import Document, Section
from compare.similarity import IndelScorer, Scores, SectionScorer
from tests.diff_support import (
    GWR_SHANGHAI,
    SEED_000,
    SEED_001,
    SEED_002,
    SEED_003,
    SEED_004,
    Item,
    build,
    find,
    items,
    speech,
)

Triple = tuple[str, str, str]


def triples(r: Alignment) -> set[Triple]:
    return {(m.a, m.b, m.kind) for m in r.matches}


def expected(
    tree_a: list[Item],
    ids_a: dict[str, str],
    ids_b: dict[str, str],
    kinds: dict[str, str],
    *,
    gone: Sequence[str] = (),
    extra: Sequence[Triple] = (),
) -> set[Triple]:
    """Every tag of ``a`` matched to its copy in ``b``: ``identical`` unless listed."""
    out = set(extra)

    def walk(nodes: list[Item]) -> None:
        for it in nodes:
            if it.tag not in gone:
                out.add((ids_a[it.tag], ids_b[it.tag], kinds.get(it.tag, "identical")))
            walk(it.children)

    walk(tree_a)
    return out


@pytest.fixture(scope="module")
def base() -> tuple[list[Item], Document, dict[str, str]]:
    tree = items(speech(SEED_001))
    doc, ids = build(tree)
    return tree, doc, ids


def edited(base: tuple[list[Item], Document, dict[str, str]]) -> list[Item]:
    return copy.deepcopy(base[0])


# -- self-diffs and real fixtures ---------------------------------------------------


@pytest.mark.parametrize("path", [SEED_000, SEED_001, SEED_002, SEED_004, GWR_SHANGHAI])
def test_speech_against_itself_is_identical(path: object) -> None:
    doc = speech(path)  # type: ignore[arg-type]
    r = align(doc, doc)
    n = sum(1 for _ in doc.walk())
    assert len(r.matches) == n > 0
    assert {m.kind for m in r.matches} == {"identical"}
    assert all(m.score == 1.0 and not m.changed and not m.renumbered for m in r.matches)
    assert r.deleted == () and r.inserted == ()
    assert r.similarity == 1.0
    assert r.identical


def test_seeds_000_and_001_align_their_three_top_sections_in_order() -> None:
    a, b = speech(SEED_000), speech(SEED_001)
    r = align(a, b)
    tops = {(m.a, m.b) for m in r.matches if "." not in m.a and "." not in m.b}
    assert tops == {("1", "1"), ("2", "2"), ("3", "3")}
    assert 0.0 < r.similarity < 0.5
    assert not r.identical


def test_duplicated_speech_in_003_aligns_as_identical() -> None:
    a, b = speech(SEED_003, 2), speech(SEED_003, 8)
    r = align(a, b)
    assert r.similarity == 1.0
    assert triples(r) == {(s.id, s.id, "identical") for s in a.walk()}


@pytest.mark.parametrize("order", ["stripped-first", "numbered-first"])
def test_copy_without_its_top_headings_still_aligns_its_paragraphs(order: str) -> None:
    stripped, numbered = speech(SEED_003, 13), speech(SEED_003, 15)
    assert [s.marker for s in numbered.sections][:3] == ["一、", "二、", "三、"]
    a, b = (stripped, numbered) if order == "stripped-first" else (numbered, stripped)
    r = align(a, b)
    pairs = {(m.a, m.b) for m in r.matches}
    if order == "numbered-first":
        pairs = {(y, x) for x, y in pairs}
    # 一、二、三、 of the numbered copy live in the other copy's unnumbered opening.
    for top in ("1", "2", "3"):
        partners = {x for x, y in pairs if y == top}
        assert partners, f"section {top} found no paragraph"
        assert all(p.startswith("opening.") for p in partners)
    # The numbered list 1、…6、 sits one level deeper under 四、 in the numbered copy.
    for k in range(1, 7):
        assert (str(k), f"4.{k}") in pairs
    # 五、's body was appended to 6、 in the stripped copy.
    assert ("6", "5") in pairs
    # The fallback only cuts the document that lost its structure.
    lifted = r.a if order == "stripped-first" else r.b
    assert any(s.style == "paragraph" for s in lifted.sections)


def test_fallback_can_be_switched_off() -> None:
    a, b = speech(SEED_003, 13), speech(SEED_003, 15)
    r = align(a, b, fallback=False)
    assert r.a is a and r.b is b
    assert not any(m.a.startswith("opening.") for m in r.matches)


# -- hand-made edits on a real speech (seed 001), with exact expectations -------------


def test_move_within_a_parent(base: tuple[list[Item], Document, dict[str, str]]) -> None:
    tree = edited(base)
    sibs, k = find(tree, "2.6")
    sibs.insert(0, sibs.pop(k))
    b, ids_b = build(tree)
    r = align(base[1], b)
    assert triples(r) == expected(base[0], base[2], ids_b, {"2.6": "moved"})
    assert r.deleted == r.inserted == ()


def test_move_to_another_parent(base: tuple[list[Item], Document, dict[str, str]]) -> None:
    tree = edited(base)
    sibs, k = find(tree, "2.2")
    moved = sibs.pop(k)
    find(tree, "3")[0][2].children.append(moved)
    b, ids_b = build(tree)
    r = align(base[1], b)
    assert ids_b["2.2"] == "3.5"
    assert triples(r) == expected(base[0], base[2], ids_b, {"2.2": "moved"})


def test_delete(base: tuple[list[Item], Document, dict[str, str]]) -> None:
    tree = edited(base)
    sibs, k = find(tree, "1.3")
    sibs.pop(k)
    b, ids_b = build(tree)
    r = align(base[1], b)
    assert r.deleted == ("1.3",)
    assert r.inserted == ()
    assert triples(r) == expected(base[0], base[2], ids_b, {}, gone=["1.3"])


def test_insert_from_another_speech(base: tuple[list[Item], Document, dict[str, str]]) -> None:
    donor = speech(SEED_000).section("2.2")
    tree = edited(base)
    find(tree, "2")[0][1].children.insert(2, Item("new", donor.heading, donor.text))
    b, ids_b = build(tree)
    r = align(base[1], b)
    assert r.inserted == (ids_b["new"],) == ("2.3",)
    assert r.deleted == ()
    assert triples(r) == expected(base[0], base[2], ids_b, {})


def _halves(text: str) -> tuple[str, str]:
    sentences = re.findall(r"[^。]*。", text)
    k = len(sentences) // 2
    return "".join(sentences[:k]), "".join(sentences[k:])


def test_split(base: tuple[list[Item], Document, dict[str, str]]) -> None:
    tree = edited(base)
    sibs, k = find(tree, "1.1")
    first, second = _halves(sibs[k].text)
    sibs[k].text = first
    sibs.insert(k + 1, Item("1.1b", "以实际行动学习宣传党的二十大精神", second))
    b, ids_b = build(tree)
    r = align(base[1], b)
    want = expected(
        base[0], base[2], ids_b, {"1.1": "split"}, extra=[("1.1", ids_b["1.1b"], "split")]
    )
    assert triples(r) == want
    assert r.inserted == r.deleted == ()


def test_merge(base: tuple[list[Item], Document, dict[str, str]]) -> None:
    tree = edited(base)
    sibs, k = find(tree, "3.1")
    gone = sibs.pop(k + 1)
    assert gone.tag == "3.2"
    sibs[k].text = f"{sibs[k].text}\n{gone.text}"
    b, ids_b = build(tree)
    r = align(base[1], b)
    want = expected(
        base[0],
        base[2],
        ids_b,
        {"3.1": "merged"},
        gone=["3.2"],
        extra=[("3.2", ids_b["3.1"], "merged")],
    )
    assert triples(r) == want


def test_promote(base: tuple[list[Item], Document, dict[str, str]]) -> None:
    tree = edited(base)
    sibs, k = find(tree, "2.3")
    item = sibs.pop(k)
    tree.insert(2, item)  # right after section 2, at the top level
    b, ids_b = build(tree)
    r = align(base[1], b)
    assert ids_b["2.3"] == "3"
    assert triples(r) == expected(base[0], base[2], ids_b, {"2.3": "promoted"})


def test_demote(base: tuple[list[Item], Document, dict[str, str]]) -> None:
    tree = edited(base)
    third = tree.pop(2)
    tree[1].children.append(third)  # section 3 (and its children) goes under section 2
    b, ids_b = build(tree)
    r = align(base[1], b)
    assert ids_b["3"] == "2.7" and ids_b["3.1"] == "2.7.1"
    # The children moved with their parent: relative to it nothing changed.
    assert triples(r) == expected(base[0], base[2], ids_b, {"3": "demoted"})


REWORDED = {
    "1": "深化思想认识，充分把握活动月的重要价值",
    "1.1": "学习宣传贯彻二十大精神，活动月是各级人大和代表的具体实践",
    "1.2": "围绕全市发展主线，把活动月融入市委部署",
    "1.3": "活动月为深化主题实践活动提供有力抓手",
    "1.4": "以活动月为载体提升代表履职质效",
    "1.5": "借助活动月契机加强常委会自身建设",
}


def test_heavy_heading_rewording(base: tuple[list[Item], Document, dict[str, str]]) -> None:
    tree = edited(base)
    for tag, heading in REWORDED.items():
        sibs, k = find(tree, tag)
        sibs[k].heading = heading
    b, ids_b = build(tree)
    r = align(base[1], b)
    assert triples(r) == expected(base[0], base[2], ids_b, dict.fromkeys(REWORDED, "modified"))
    for m in r.matches:
        if m.a in REWORDED:
            assert m.text_score == 1.0 and m.heading_score < 0.7 and m.changed


def test_reworded_headings_need_the_threshold(
    base: tuple[list[Item], Document, dict[str, str]],
) -> None:
    tree = edited(base)
    for tag, heading in REWORDED.items():
        sibs, k = find(tree, tag)
        sibs[k].heading = heading
        sibs[k].text = ""
    b, _ = build(tree)
    strict = align(base[1], b, threshold=0.99, gap_threshold=0.99)
    assert set(strict.deleted) == set(REWORDED)
    loose = align(base[1], b)
    assert len(loose.deleted) < len(REWORDED)


def test_renumbering_only(base: tuple[list[Item], Document, dict[str, str]]) -> None:
    b, ids_b = build(edited(base), styles=(2, 0, 1))  # 1. / 一、 instead of 一、 / （一）
    r = align(base[1], b)
    assert triples(r) == expected(base[0], base[2], ids_b, {})
    assert all(m.renumbered and not m.changed and m.score == 1.0 for m in r.matches)
    assert 0.99 < r.similarity < 1.0
    assert not r.identical


def test_counts_add_up(base: tuple[list[Item], Document, dict[str, str]]) -> None:
    tree = edited(base)
    sibs, k = find(tree, "1.3")
    sibs.pop(k)
    b, _ = build(tree)
    r = align(base[1], b)
    counts = r.counts()
    assert set(KINDS) <= set(counts)
    assert sum(counts[k] for k in KINDS) == len(r.matches)
    assert counts["deleted"] == 1 and counts["inserted"] == 0


# -- options, candidates, skeletons ------------------------------------------------------


def test_options_are_keyword_only() -> None:
    doc = speech(SEED_001)
    with pytest.raises(TypeError):
        align(doc, doc, 0.5)  # type: ignore[misc]


@pytest.mark.parametrize(
    "kwargs", [{"heading": -1.0}, {"heading": 0.0, "text": 0.0}, {"context": 1.0}]
)
def test_bad_weights_are_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        Weights(**kwargs)


def test_candidates_are_runner_ups() -> None:
    a, b = speech(SEED_000), speech(SEED_001)
    r = align(a, b, candidates=3)
    assert set(r.candidates_a) == {s.id for s in a.walk()}
    matched_to = {}
    for m in r.matches:
        matched_to.setdefault(m.a, set()).add(m.b)
    for sid, cands in r.candidates_a.items():
        assert len(cands) <= 3
        scores = [s for _, s in cands]
        assert scores == sorted(scores, reverse=True)
        assert not {c for c, _ in cands} & matched_to.get(sid, set())
    assert all(r.candidates_b[i] for i in r.inserted)
    none = align(a, b, candidates=0)
    assert none.candidates_a == {} and none.candidates_b == {}


def _skeleton(doc: Document) -> Document:
    def strip(s: Section) -> Section:
        return replace(s, text="", children=tuple(strip(c) for c in s.children))

    return replace(doc, sections=tuple(strip(s) for s in doc.sections), opening=None, closing=None)


def test_skeletons_align_on_headings_alone() -> None:
    a, b = _skeleton(speech(SEED_000)), _skeleton(speech(SEED_001))
    same = align(b, b, inline=False, candidates=0)
    assert same.similarity == 1.0 and same.inline == {}
    r = align(a, b, inline=False, candidates=0)
    tops = {(m.a, m.b) for m in r.matches if "." not in m.a}
    assert tops == {("1", "1"), ("2", "2"), ("3", "3")}
    assert all(m.text_score == 0.0 for m in r.matches)


def test_inline_diffs_come_with_matches(base: tuple[list[Item], Document, dict[str, str]]) -> None:
    tree = edited(base)
    sibs, k = find(tree, "2.1")
    sibs[k].text = sibs[k].text.replace("村居", "社区", 1)
    b, ids_b = build(tree)
    r = align(base[1], b)
    assert set(r.inline) == {(m.a, m.b) for m in r.matches}
    diff = r.inline["2.1", ids_b["2.1"]]
    assert diff.changed
    assert not r.inline["1", "1"].changed


def test_a_custom_scorer_is_used(base: tuple[list[Item], Document, dict[str, str]]) -> None:
    calls: list[int] = []

    class Counting:
        def __call__(self, a: Sequence[str], b: Sequence[str], *, workers: int = 1) -> Scores:
            calls.append(len(a))
            return IndelScorer()(a, b, workers=workers)

    r = align(base[1], base[1], scorer=SectionScorer(heading=Counting(), text=Counting()))
    # Headings, own texts and subtrees of every pair, then the bodies of the matches.
    assert len(calls) == 4 and r.similarity == 1.0
    one = align(base[1], base[1], scorer=IndelScorer())
    assert one.similarity == 1.0


def test_workers_do_not_change_the_result() -> None:
    a, b = speech(SEED_000), speech(SEED_001)
    assert triples(align(a, b, workers=1)) == triples(align(a, b, workers=2))


def test_shared_opening_does_not_trigger_the_paragraph_fallback() -> None:
    # Doc 13 with a section of doc 15 inserted: that section's text is in 13's opening,
    # but the edited copy keeps the same opening, so nothing was lost to it.
    a = speech(SEED_003, 13)
    donor = replace(speech(SEED_003, 15).section("1"), id="7")
    b = replace(a, sections=(*a.sections, donor))
    r = align(a, b)
    assert r.a is a and r.b is b
    assert r.inserted == ("7",)
    assert triples(r) == {(s.id, s.id, "identical") for s in a.walk()}


# -- building blocks ------------------------------------------------------------------


def test_partial_assign_pairs_only_what_is_worth_it() -> None:
    score = np.array([[0.2, 0.7, 0.6], [0.9, 0.1, 0.8], [0.3, 0.3, 0.1]])
    assert sorted(partial_assign(score, 0.5)) == [(0, 1), (1, 0)]
    assert sorted(partial_assign(score, 0.8)) == [(1, 0)]
    assert partial_assign(score, 0.95) == []
    # One row or one column: the first best, when above the threshold.
    assert partial_assign(score[:1], 0.5) == [(0, 1)]
    assert partial_assign(score[:, 2:], 0.5) == [(1, 0)]
    # Leaving a row unpaired can beat pairing it badly: 0.9 + nothing > 0.6 + 0.55.
    two = np.array([[0.9, 0.6], [0.55, 0.1]])
    assert partial_assign(two, 0.5) == [(0, 0)]
    assert sorted(partial_assign(two, 0.0)) == [(0, 1), (1, 0)] or sorted(
        partial_assign(two, 0.0)
    ) == [(0, 0), (1, 1)]


def test_partial_assign_maximises_the_total_above_the_threshold() -> None:
    rng = np.random.default_rng(5)
    for _ in range(30):
        score = rng.random((4, 5))
        thr = 0.4
        got = partial_assign(score, thr)
        assert len({i for i, _ in got}) == len(got) == len({j for _, j in got})
        total = sum(score[i, j] - thr for i, j in got)
        # Brute force over every partial one-to-one pairing of 4 rows into 5 columns.
        best = 0.0
        for cols in itertools.product(range(-1, 5), repeat=4):
            used = [c for c in cols if c >= 0]
            if len(used) != len(set(used)):
                continue
            best = max(best, sum(score[i, c] - thr for i, c in enumerate(cols) if c >= 0))
        assert total == pytest.approx(best)
