"""The content score's parts: how own text and subtree weigh (compare/scores.py)."""

from __future__ import annotations

import numpy as np

from compare.alignment import Weights
from compare.matching import tree_of
from compare.parse import parse_text
from compare.scores import Scores

A = """一、扩大内需
着力扩大国内需求，促进消费稳定增长，积极扩大有效投资，推动经济实现良性循环。
（一）促进消费
提振消费信心，发展服务消费，培育新型消费。
（二）扩大投资
发挥政府投资带动作用，激发民间投资活力。
二、绿色发展
加强生态文明建设，推进绿色低碳发展，持续深入打好蓝天、碧水、净土保卫战，推动能源结构调整优化。
（一）污染防治
加强大气污染防治，加快水污染治理。
"""

B = """一、内需
促进消费稳定增长，扩大有效投资。
（一）消费
提振消费信心，发展服务消费，推动养老托育等消费。
（二）投资
发挥政府投资带动作用，激发民间投资活力，扩大有效投资。
二、生态
推进绿色低碳发展，推动能源结构调整优化，持续打好蓝天、碧水、净土保卫战，加强生态文明建设。
（一）治污
加强大气污染防治，推进土壤污染防治。
"""


def _scores() -> tuple[Scores, list[str], list[str]]:
    ta = tree_of(parse_text(A).documents[0])
    tb = tree_of(parse_text(B).documents[0])
    w = Weights()
    return Scores(ta, tb, heading_weight=w.heading, text_weight=w.text), ta.ids, tb.ids


def _expected(s: Scores, i: int, j: int, share: float) -> float:
    b = s.block([i], [j])
    lean = 0.5 + 0.5 * share
    text = lean * b.own[0, 0] + (1 - lean) * b.subtree[0, 0]
    return float((s.wh * b.heading[0, 0] + s.wt * text) / (s.wh + s.wt))


def test_a_leaf_is_judged_by_its_own_text() -> None:
    s, ia, ib = _scores()
    i, j = ia.index("1.2"), ib.index("1.2")
    b = s.block([i], [j])
    assert b.own[0, 0] == b.subtree[0, 0]  # a leaf's subtree is itself
    assert np.isclose(b.content[0, 0], _expected(s, i, j, 1.0))


def test_a_part_leans_on_its_own_text_as_far_as_its_own_text_is_its_subtree() -> None:
    s, ia, ib = _scores()
    for part in ("1", "2"):
        i, j = ia.index(part), ib.index(part)
        share = 0.5 * (float(s._share_a[i]) + float(s._share_b[j]))
        assert 0.0 < share < 1.0
        assert np.isclose(s.block([i], [j]).content[0, 0], _expected(s, i, j, share))
    # Part 二 says most of what it says itself (one short subsection); part 一's two
    # subsections carry more of it: 二's own text weighs more.
    assert s._share_a[ia.index("2")] > s._share_a[ia.index("1")]
    # Leaves have all their text to themselves.
    assert s._share_a[ia.index("1.1")] == 1.0 and s._share_b[ib.index("2.1")] == 1.0
