"""The skeleton correspondence: top-level sections paired one to one, in order or not."""

from __future__ import annotations

import copy
import json

from compare.align import align
from compare.graph import comparison_graph
from compare.render.json import diff_json
from compare.skeleton import skeleton_of, template_line
from tests.diff_support import SEED_000, SEED_001, build, items, speech


def test_seeds_000_and_001_reuse_one_skeleton_in_other_words() -> None:
    """The mission's example: 3 of 3 in order, though the texts share under 10 %."""
    g = comparison_graph(align(speech(SEED_000), speech(SEED_001)))
    data = json.loads(json.dumps(diff_json(g)))
    skeleton = data["skeleton"]
    assert {k: skeleton[k] for k in ("a", "b", "corresponding", "in_order")} == {
        "a": 3,
        "b": 3,
        "corresponding": 3,
        "in_order": True,
    }
    assert skeleton["pairs"] == [["1", "1"], ["2", "2"], ["3", "3"]]
    assert data["similarity"] < 0.1
    first = next(m for m in data["matches"] if (m["a"], m["b"]) == ("1", "1"))
    assert first["template"] == "____认识开展____活动的重____"


def test_pairing_is_one_to_one_and_says_when_the_order_changed() -> None:
    tops_a, tops_b = ["1", "2", "3"], ["1", "2", "3", "4"]
    same = skeleton_of(tops_a, tops_b, [("1", "1", 0.9), ("2", "2", 0.8), ("3", "4", 0.7)])
    assert (same.corresponding, same.in_order, same.pairs) == (
        3,
        True,
        (("1", "1"), ("2", "2"), ("3", "4")),
    )
    # 3 came first in b: all three still correspond, not in order.
    swapped = skeleton_of(tops_a, tops_b, [("1", "2", 0.9), ("2", "3", 0.8), ("3", "1", 0.7)])
    assert (swapped.corresponding, swapped.in_order) == (3, False)
    # A split at the top (a's 2 became b's 2 and 3) counts once; lower-level matches not at all.
    split = skeleton_of(
        tops_a, tops_b, [("1", "1", 0.9), ("2", "2", 0.6), ("2", "3", 0.5), ("3.1", "4", 0.9)]
    )
    assert (split.corresponding, split.in_order, split.pairs) == (2, True, (("1", "1"), ("2", "2")))
    none = skeleton_of(tops_a, tops_b, [("1.1", "2.1", 0.9)])
    assert (none.corresponding, none.in_order) == (0, False)


def test_a_reordered_speech_keeps_its_skeleton_out_of_order() -> None:
    tree = items(speech(SEED_001))
    a, _ = build(tree)
    edited = copy.deepcopy(tree)
    edited.insert(0, edited.pop(2))  # 三、 now comes first
    b, _ = build(edited)
    skeleton = comparison_graph(align(a, b)).graph["skeleton"]
    assert (skeleton["corresponding"], skeleton["in_order"]) == (3, False)


def test_template_line_is_batchs_slot_heading() -> None:
    assert template_line(
        "充分认识开展助企解困活动的重要意义", "充分认识开展换届工作的重要意义"
    ) == ("充分认识开展____的重要意义")
    assert template_line("统一思想", "完全不同") == ""
    assert template_line("", "任何标题") == ""
