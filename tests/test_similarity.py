"""Scorers: rapidfuzz matrices, normalisation, placeholders as wildcards, covers."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.normalize import normalize
from compare.similarity import (
    IndelScorer,
    MaxScorer,
    Scores,
    SectionScorer,
    ShingleScorer,
    _lcs,
    _shingle_strings_small,
    ratio,
    shingle_strings,
    slot_credit,
)
from tests.diff_support import SEED_000, SEED_001, speech


@pytest.mark.parametrize(
    ("template", "filled"),
    [
        ("充分认识开展XX的重要意义", "充分认识开展活动的重要意义"),
        ("充分认识开展××的重要意义", "充分认识开展助企解困活动的重要意义"),
        ("20xx年全市安全生产总体情况", "2023年全市安全生产总体情况"),
        ("在X县第*次代表大会上的讲话", "在寻乌县第三次代表大会上的讲话"),
    ],
)
def test_placeholders_are_wildcards(template: str, filled: str) -> None:
    assert ratio(template, filled) == pytest.approx(1.0)
    assert ratio(filled, template) == pytest.approx(1.0)
    plain = IndelScorer(wildcards=False)([template], [filled]).similarity[0, 0]
    assert plain < 0.95


def test_a_slot_does_not_swallow_a_whole_clause() -> None:
    # One slot stands for a name or a number, not for a paragraph.
    long_fill = "开展帮一企建一言献一策暨营商环境大提升专项行动"
    assert ratio("充分认识开展XX的重要意义", f"充分认识开展{long_fill}的重要意义") < 0.85
    assert slot_credit(normalize("开展X的"), normalize("开展活动的"), 8) == 3


def test_width_and_spaces_do_not_count() -> None:
    assert ratio("统一思想，提高认识（重要意义）", "统一思想,提高认识(重要意义)") == 1.0
    assert ratio("统一思想　提高认识", "统一思想提高认识") == 1.0


def test_unrelated_headings_score_low() -> None:
    assert ratio("加强组织领导，确保取得实效", "走进村居社区") < 0.2


def test_shingles_ignore_clause_order() -> None:
    a, b = "统一思想，提高认识", "提高认识，统一思想"
    indel = IndelScorer()([a], [b]).similarity[0, 0]
    bag = ShingleScorer(2)([a], [b]).similarity[0, 0]
    assert bag > 0.7 > indel


def test_equal_texts_score_one_and_empty_texts_are_handled() -> None:
    s = ShingleScorer(2)(["加强领导", "", "加"], ["加强领导", "", "加", "强"])
    assert s.similarity[0, 0] == 1.0
    assert s.similarity[1, 1] == 1.0  # two empty texts are alike
    assert s.similarity[0, 1] == 0.0 and s.similarity[1, 0] == 0.0
    assert s.similarity[2, 2] == 1.0  # a text shorter than n is its own gram
    assert s.similarity[2, 3] == 0.0


def test_covers_see_a_piece_inside_a_whole() -> None:
    whole = "各项目的施工组织计划要认真编写，不能搞应付。施组要与现场的实际情况紧密联系。"
    piece = "施组要与现场的实际情况紧密联系。"
    s = ShingleScorer(2)([whole], [piece])
    assert s.cover_b[0, 0] == 1.0  # all of the piece is in the whole
    assert s.cover_a[0, 0] < 0.6  # most of the whole is not in the piece
    assert s.similarity[0, 0] < s.cover_b[0, 0]


alphabet = st.text(alphabet="甲乙丙丁戊己，。X", max_size=25)


def _grams(t: str) -> set[str]:
    t = normalize(t)
    if 0 < len(t) < 2:
        return set() if "\ue000" in t else {t}
    return {t[i : i + 2] for i in range(len(t) - 1)} - {
        g for g in (t[i : i + 2] for i in range(len(t) - 1)) if "\ue000" in g
    }


def _assert_set_dice(a: list[str], b: list[str]) -> None:
    s = ShingleScorer(2)(a, b)
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            gx, gy = _grams(x), _grams(y)
            shared = len(gx & gy)
            want = 1.0 if not gx and not gy else 2 * shared / (len(gx) + len(gy))
            assert s.similarity[i, j] == pytest.approx(want)
            assert s.cover_a[i, j] == pytest.approx(shared / len(gx) if gx else float(not gy))
            assert s.cover_b[i, j] == pytest.approx(shared / len(gy) if gy else float(not gx))


@settings(max_examples=200, deadline=None)
@given(st.lists(alphabet, min_size=1, max_size=5), st.lists(alphabet, min_size=1, max_size=5))
def test_shingle_matrix_equals_set_dice(a: list[str], b: list[str]) -> None:
    """The LCS-of-sorted-ids trick gives exactly the Dice coefficient of bigram sets."""
    _assert_set_dice(a, b)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(alphabet, min_size=1, max_size=4),
    st.lists(alphabet, min_size=1, max_size=4),
    st.booleans(),
)
def test_long_path_equals_set_dice(a: list[str], b: list[str], long_a: bool) -> None:
    """The numpy path (per-side cached grams, merged; slots and short texts) is exact too."""
    pad = "丙丁戊己" * 800  # pushes the comparison past _SMALL
    a, b = ([*a, pad], b) if long_a else (a, [pad, *b])
    _assert_set_dice(a, b)
    _assert_set_dice(a, b)  # again, from the per-side cache


def test_long_inputs_keep_only_shared_grams_and_score_the_same() -> None:
    """Long inputs take the numpy path, which drops grams of one side only."""
    long_a = ["abcab" * 400, "xyz" * 300]
    long_b = ["ab" * 300, "bca" * 400]
    ea, eb, sa, sb = shingle_strings(long_a, long_b, 2)
    assert list(sa) == [4, 3] and list(sb) == [2, 3]  # full set sizes
    assert len(ea[0]) == 4 and ea[1] == ""  # "xyz" shares nothing
    assert len(eb[0]) == 2 and len(eb[1]) == 3
    seeds = [s.text for s in speech(SEED_000).walk()] + [s.text for s in speech(SEED_001).walk()]
    a, b = seeds[:11], seeds[11:]
    assert sum(map(len, seeds)) > 3000
    big = ShingleScorer(2)(a, b)
    small = _shingle_strings_small([normalize(t) for t in a], [normalize(t) for t in b], 2)
    dice = Scores.from_common(_lcs(small[0], small[1], 1), small[2], small[3])
    assert np.allclose(big.similarity, dice.similarity)
    assert np.allclose(big.cover_a, dice.cover_a)


def test_matrix_shape_and_workers() -> None:
    a = ["加强组织领导", "走进村居社区", "坚持求真务实，改进工作作风"]
    b = ["强化组织领导", "走进项目一线"]
    one = SectionScorer().heading(a, b, workers=1)
    two = SectionScorer().heading(a, b, workers=2)
    assert one.similarity.shape == (3, 2)
    assert np.array_equal(one.similarity, two.similarity)
    assert np.all((one.similarity >= 0) & (one.similarity <= 1))
    assert one.similarity[0, 0] == one.similarity.max()


def test_max_scorer_takes_the_best_evidence() -> None:
    a, b = ["统一思想，提高认识"], ["提高认识，统一思想"]
    both = MaxScorer((IndelScorer(), ShingleScorer(2)))(a, b).similarity[0, 0]
    assert both == max(
        IndelScorer()(a, b).similarity[0, 0], ShingleScorer(2)(a, b).similarity[0, 0]
    )
    with pytest.raises(ValueError):
        MaxScorer(())(a, b)


def test_empty_lists_give_empty_matrices() -> None:
    assert ShingleScorer(2)([], ["a"]).similarity.shape == (0, 1)
    assert IndelScorer()(["a"], []).similarity.shape == (1, 0)
