"""Families at two levels on the fixtures, the anti-chaining guard, and templates with slots."""

from __future__ import annotations

import itertools
from pathlib import Path

import networkx as nx
import pytest
from batch_support import GWR, SEEDS, Run, batch

from compare.batch.families import (
    Family,
    build_families,
    consolidate,
    family_graph,
    with_copies,
)
from compare.batch.template import SLOT, slot_heading

SEED_003 = "003_5c63eede7426c25a.txt"
MOBILISATION = [
    ("000_44149a710ae6c111.txt", 0),
    ("001_201c1d1fe805fb54.txt", 0),
    (SEED_003, 0),
    (SEED_003, 6),
]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    out = tmp_path_factory.mktemp("families")
    result = batch(SEEDS, GWR, out=out / "out")
    assert result.code == 0, result.stderr
    return result


def _level(run: Run, name: str, index: int = 0, level: str = "outline") -> str | None:
    """The document's family at ``level`` (outline: the plan; template: every level)."""
    found: str | None = run.doc(name, index)["families"][level]
    return found


def _members(run: Run, family: str) -> set[tuple[str, int]]:
    fam = next(f for f in run.report["families"] if f["id"] == family)
    docs = {d["id"]: d for d in run.report["documents"]}
    return {(Path(docs[m]["source"]).name, docs[m]["index"]) for m in fam["members"]}


def test_mobilisation_speeches_share_a_plan_not_a_template(run: Run) -> None:
    families = {_level(run, name, index) for name, index in MOBILISATION}
    assert len(families) == 1 and None not in families
    # Only those four: the other three-part speeches of 003 (different parts) stay out.
    assert _members(run, families.pop()) == set(MOBILISATION)
    # Their items share nothing: no template family.
    assert all(_level(run, n, i, "template") is None for n, i in MOBILISATION)


def test_every_government_work_report_shares_one_plan(run: Run) -> None:
    names = [p.name for p in GWR.glob("*.txt")]
    families = {_level(run, name) for name in names}
    assert len(families) == 1 and None not in families
    # Gansu (top headings without numerals) and Inner Mongolia (targets and tasks in
    # one part) included; and nothing else.
    assert {n for n, _ in _members(run, families.pop())} == set(names)


def test_reports_on_one_plan_with_different_skeletons_share_no_template(run: Run) -> None:
    # Yunnan: review, five-year targets, the year's tasks. Liaoning: review, targets
    # and tasks merged into one part, then a part of its own. Their task lists cover
    # the same national priorities, so the aligner matches most items; but a part is
    # credited once: Yunnan's targets and tasks do not both agree with Liaoning's merged
    # part (before, the aligner's reading raised the pair to a template at 0.86).
    yunnan, liaoning = "2026_云南省_政府工作报告.txt", "2026_辽宁省_政府工作报告.txt"
    assert _level(run, yunnan) == _level(run, liaoning) is not None
    template = _level(run, yunnan, level="template")
    assert template is None or template != _level(run, liaoning, level="template")


def test_identical_speeches_share_a_template(run: Run) -> None:
    family = _level(run, SEED_003, 2, "template")
    assert family is not None and family == _level(run, SEED_003, 8, "template")
    fam = next(f for f in run.report["families"] if f["id"] == family)
    assert fam["parent"] == _level(run, SEED_003, 2)
    # A template family's template goes below the parts: their items, with levels.
    below = [c for s in fam["template"]["sections"] for c in s.get("children", [])]
    assert below and all(c["level"] == 2 and c["id"].count(".") == 1 for c in below)


def test_each_speech_in_at_most_one_family_per_level(run: Run) -> None:
    for level in ("outline", "template"):
        seen = [m for f in run.report["families"] if f["level"] == level for m in f["members"]]
        assert len(seen) == len(set(seen))
    for f in run.report["families"]:
        assert len(f["members"]) >= 2
        assert f["anchor"] in f["members"]


def test_templates_name_fixed_text_slots_and_roles(run: Run) -> None:
    gwr = _level(run, "2026_北京市_政府工作报告.txt")
    fam = next(f for f in run.report["families"] if f["id"] == gwr)
    headings = [s["heading"] for s in fam["template"]["sections"]]
    assert len(headings) == 3
    assert "工作回顾" in headings[0] and "review" in fam["template"]["sections"][0]["roles"]
    # 重点工作 / 工作安排 / 主要任务 / 主要工作: the year is fixed, the rest a slot.
    assert headings[2].startswith("2026年") and SLOT in headings[2]
    mob = _level(run, *MOBILISATION[0])
    fam = next(f for f in run.report["families"] if f["id"] == mob)
    roles = [s["roles"] for s in fam["template"]["sections"]]
    assert roles == [["significance"], ["tasks"], ["safeguards"]]
    # What each member wrote in the slots of part 1 is recorded, per member.
    assert set(fam["slots"]) == set(fam["members"])
    assert all("1" in fills for fills in fam["slots"].values())


def test_slot_heading_keeps_shared_words_and_records_fills() -> None:
    heading, fills = slot_heading(
        "充分认识开展助企解困的重要意义",
        ["充分认识开展换届选举的重要意义", "充分认识开展安全生产大检查的重要意义"],
    )
    assert heading == f"充分认识开展{SLOT}的重要意义"
    assert fills == [("助企解困",), ("换届选举",), ("安全生产大检查",)]


def test_slot_heading_treats_placeholders_as_slots() -> None:
    heading, fills = slot_heading(
        "XX市20XX年工作回顾", ["北京市2025年工作回顾", "上海市2025年工作回顾"]
    )
    assert heading.endswith("年工作回顾") and heading.startswith(SLOT)
    assert fills[1] == ("北京市2025",)


def _two_cliques_and_a_bridge() -> tuple[dict[tuple[int, int], float], list[int], list[int], int]:
    """X = 0..4 and Y = 5..9 agree within; 10 agrees with everyone; X and Y disagree."""
    x, y, bridge = list(range(5)), list(range(5, 10)), 10
    scores: dict[tuple[int, int], float] = {}
    for i, j in itertools.combinations(range(11), 2):
        same = (i in x and j in x) or (i in y and j in y)
        scores[i, j] = 0.9 if same else (0.7 if bridge in (i, j) else 0.1)
    return scores, x, y, bridge


def test_guard_does_not_chain_two_families_through_a_bridge() -> None:
    scores, x, y, bridge = _two_cliques_and_a_bridge()
    graph = family_graph(((i, j, s) for (i, j), s in scores.items()), threshold=0.55)
    # Plain connected components would put all eleven in one family.
    assert nx.number_connected_components(graph) == 1
    families = build_families(graph, lambda i, j: scores[min(i, j), max(i, j)], threshold=0.55)
    for fam in families:
        members = set(fam.members)
        assert not (members & set(x) and members & set(y)), fam
    assert {frozenset(f.members) - {bridge} for f in families} == {frozenset(x), frozenset(y)}


def test_guard_bounds_drift_along_a_chain() -> None:
    # 0-1-2-...-7: each speech agrees with its neighbours only (a slow drift).
    n = 8

    def score(i: int, j: int) -> float:
        return 0.8 if abs(i - j) == 1 else 0.2

    graph = family_graph(((i, i + 1, 0.8) for i in range(n - 1)), threshold=0.55)
    families = build_families(graph, score, threshold=0.55)
    for fam in families:
        for a, b in itertools.combinations(fam.members, 2):
            # Every member agrees with the anchor, so nothing is two drifts away from it.
            assert abs(a - fam.anchor) <= 1 and abs(b - fam.anchor) <= 1
        assert len(fam.members) <= 3


def test_consolidate_joins_islands_the_index_kept_apart() -> None:
    # One template, two variants (with and without an optional part): every member
    # agrees with every other, but the candidate graph only linked within variants.
    a_side, stranger = list(range(6)), 10  # 6..9 are the other variant

    def score(i: int, j: int) -> float:
        if stranger in (i, j):
            return 0.2
        return 0.95 if (i in a_side) == (j in a_side) else 0.75

    edges = [
        (i, j, score(i, j))
        for i, j in itertools.combinations(range(10), 2)
        if (i in a_side) == (j in a_side)
    ]
    graph = family_graph(edges, threshold=0.55)
    split = build_families(graph, score, threshold=0.55)
    assert sorted(len(f.members) for f in split) == [4, 6]
    anchors = [f.anchor for f in split]
    joined = consolidate(
        split, [(anchors[0], anchors[1]), (anchors[0], stranger)], score, threshold=0.55
    )
    assert [f.members for f in joined] == [tuple(range(10))]


def test_consolidate_keeps_the_guard() -> None:
    scores, x, y, bridge = _two_cliques_and_a_bridge()

    def score(i: int, j: int) -> float:
        return scores[min(i, j), max(i, j)]

    fam_x = Family(x[0], tuple(x), tuple(1.0 if m == x[0] else 0.9 for m in x))
    fam_y = Family(y[0], tuple(y), tuple(1.0 if m == y[0] else 0.9 for m in y))
    joined = consolidate(
        [fam_x, fam_y], [(x[0], y[0]), (x[0], bridge), (y[0], bridge)], score, threshold=0.55
    )
    assert len(joined) == 2
    for fam in joined:
        assert not (set(fam.members) & set(x) and set(fam.members) & set(y))


def _model_text_family() -> tuple[dict[tuple[int, int], float], list[int]]:
    """A model text (0) and its re-enactments, each keeping its own share of its nine
    sections: three large ones (1-3) and three small ones (4-6); 7 shares a section of
    the model's and nothing with any re-enactment. Two re-enactments agree when they
    keep two sections or more in common."""
    kept = {
        0: set(range(9)),
        1: set(range(0, 6)),
        2: set(range(2, 8)),
        3: set(range(3, 9)),
        4: {0, 1, 2},
        5: {3, 4, 5},
        6: {6, 7, 8},
        7: {0, 9, 10},
    }
    scores: dict[tuple[int, int], float] = {}
    for i, j in itertools.combinations(kept, 2):
        if i == 0:
            scores[i, j] = 0.9 if j <= 3 else 0.8
        else:
            scores[i, j] = 0.7 if len(kept[i] & kept[j]) >= 2 else 0.1
    return scores, list(kept)


def test_a_model_text_family_needs_one_witness_beside_the_anchor() -> None:
    scores, docs = _model_text_family()

    def score(i: int, j: int) -> float:
        return scores[min(i, j), max(i, j)]

    graph = family_graph(((i, j, s) for (i, j), s in scores.items()), threshold=0.55)
    # Skeleton evidence: most of the core must agree, and 4 agrees with 1 only.
    strict = build_families(graph, score, threshold=0.55)
    assert [f.members for f in strict] == [(0, 1, 2, 3, 5, 6)]

    # Shared text with the anchor: one core member beside it is enough...
    def textual(i: int, j: int) -> bool:
        return 0 in (i, j)

    star = build_families(graph, score, threshold=0.55, by_text=textual)
    assert [f.members for f in star] == [(0, 1, 2, 3, 4, 5, 6)]
    # ...but one is needed: 7, which shares text with the model only, stays out.
    assert 7 in docs and all(7 not in f.members for f in star)
    # consolidate admits by the same test.
    lone = [Family(0, (0, 1, 2, 3, 5, 6), (1.0, 0.9, 0.9, 0.9, 0.8, 0.8))]
    joined = consolidate(lone, [(0, 4), (0, 7)], score, threshold=0.55, by_text=textual)
    assert [f.members for f in joined] == [(0, 1, 2, 3, 4, 5, 6)]
    assert [f.members for f in consolidate(lone, [(0, 4)], score, threshold=0.55)] == [
        (0, 1, 2, 3, 5, 6)
    ]


def test_a_near_copy_of_a_member_joins_its_family() -> None:
    # 0-3 are one template; 4 is 2 with its last part cut off (0.55 against the
    # anchor, under most of the core), 5 a copy of 4, 6 and 7 copies of each other
    # in no family, 8 a member of another family that is a near copy of 1.
    fams = [Family(0, (0, 1, 2, 3), (1.0, 0.8, 0.8, 0.7)), Family(8, (8, 9), (1.0, 0.9))]
    anchor_scores = {4: 0.55, 5: 0.5}

    def score(i: int, j: int) -> float:
        return anchor_scores[i]

    near = [(4, 5, 0.9), (6, 7, 0.95), (1, 8, 0.9), (2, 4, 0.85)]
    got = with_copies(fams, near, score)
    assert [f.members for f in got] == [(0, 1, 2, 3, 4, 5), (8, 9)]
    assert dict(zip(got[0].members, got[0].scores, strict=True))[4] == 0.55
    assert got[0].anchor == 0
    assert with_copies(fams, [], score) == fams
