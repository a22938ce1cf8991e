"""The content score's parts: how own text and subtree weigh (compare/scores.py)."""

from __future__ import annotations

import numpy as np
import pytest

from compare.align import align
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


def test_term_codes_and_sets_match_numpy_on_both_paths() -> None:
    """The term index's codes (binary search among few distinct keys, or an argsort
    when keys are mostly distinct) and its merged subtree sets equal what
    ``np.unique`` and a plain set union give."""
    from compare.termvec import _codes, _Sets, _subtree_sets

    rng = np.random.default_rng(3)
    for keys in (
        rng.integers(0, 50, 4000).astype(np.uint64),  # repeated: the search path
        rng.integers(0, 1 << 40, 4000).astype(np.uint64),  # mostly distinct: argsort
        np.zeros(0, dtype=np.uint64),
    ):
        distinct, code = _codes(keys)
        want, inverse = np.unique(keys, return_inverse=True)
        assert np.array_equal(distinct, want) and np.array_equal(code, inverse.ravel())
    # Sections 0..4 in preorder: 0 > (1 > 2), 3; 4 alone.
    parents = [-1, 0, 1, 0, -1]
    owner = rng.integers(0, 5, 300).astype(np.int64)
    # A vocabulary over 2**16 takes the sort path (smaller ones sort by radix).
    vocab = 1 << 17
    term = rng.integers(0, vocab, 300).astype(np.int64)
    term[::3] = term[0]  # a term in many sections, so that the union merges repeats
    own = _Sets.from_pairs(owner, term, 5, vocab)
    sub = _subtree_sets(own, parents, 5, vocab)

    def terms(sets: _Sets, k: int) -> set[int]:
        return set(sets.terms[sets.ptr[k] : sets.ptr[k + 1]].tolist())

    kids = {0: [1, 3], 1: [2], 2: [], 3: [], 4: []}

    def below(k: int) -> set[int]:
        return terms(own, k).union(*(below(c) for c in kids[k]))

    for k in range(5):
        got = sub.terms[sub.ptr[k] : sub.ptr[k + 1]]
        assert got.tolist() == sorted(below(k))


BILL_A = """AN ACT relating to paid sick leave.
Sec. 2. Definitions. For purposes of this act:
(1) Commissioner means the Commissioner of Labor;
(2) Domestic assault means domestic assault in the first, second, or third degree;
(3) Employer includes any individual, partnership, association or corporation;
(4) Employees shall accrue paid sick time from the first day of work.
"""

BILL_B = """AN ACT relating to paid sick leave.
Section 1. Definitions. In this chapter:
I. “Commissioner” means the commissioner of the department of labor.
II. “Employer” means “employer” as defined in RSA 275:42, I.
III. “Small business” means any private individual, partnership, association or corporation.
"""


def test_definitions_of_other_terms_lose_their_score_and_of_one_term_keep_a_floor(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from compare import scores as mod
    from compare.terms import defined_term

    assert defined_term("“Small business” means any private") == {"small", "busines"}
    assert defined_term("The term 'employees' does not include") == {"employee"}
    assert defined_term("Employees shall accrue paid sick time") is None
    assert defined_term("'Employee' shall have the same meaning as in Section 28") == {"employee"}
    assert defined_term("Employees shall have the right to leave") is None
    ta = tree_of(parse_text(BILL_A).documents[0])
    tb = tree_of(parse_text(BILL_B).documents[0])
    w = Weights()
    ia, ib = ta.ids, tb.ids

    def content(s: Scores, x: str, y: str) -> float:
        return float(s.block([ia.index(x)], [ib.index(y)]).content[0, 0])

    s = Scores(ta, tb, heading_weight=w.heading, text_weight=w.text)
    assert content(s, "1.3", "1.2") >= mod.DEFINITIONS_SAME  # Employer / Employer
    monkeypatch.setattr(mod, "DEFINITIONS_APART", 1.0)
    plain = Scores(ta, tb, heading_weight=w.heading, text_weight=w.text)
    # Employer includes… / Small business means…: the same words, other terms.
    assert content(plain, "1.3", "1.3") > content(plain, "1.3", "1.2")
    assert np.isclose(content(s, "1.3", "1.3"), 0.25 * content(plain, "1.3", "1.3"))
    assert content(s, "1.4", "1.3") == content(plain, "1.4", "1.3")  # not a definition
    # A copy whose heading lost letters (``Emplxyer``) still defines the same term.
    worn = tree_of(parse_text(BILL_B.replace("“Employer”", "“Emplxyer”")).documents[0])
    worn_plain = Scores(ta, worn, heading_weight=w.heading, text_weight=w.text)
    monkeypatch.undo()
    worn_rule = Scores(ta, worn, heading_weight=w.heading, text_weight=w.text)
    i, j = ia.index("1.3"), worn.ids.index("1.2")
    assert worn_rule.block([i], [j]).content[0, 0] == worn_plain.block([i], [j]).content[0, 0]
    # The block path and the pair path (a large comparison's) agree.
    monkeypatch.setattr(mod, "DENSE_LIMIT", 0)
    large = Scores(ta, tb, heading_weight=w.heading, text_weight=w.text)
    assert large.large
    rows = [i for i in range(len(ta)) for _ in range(len(tb))]
    cols = [j for _ in range(len(ta)) for j in range(len(tb))]
    every_a, every_b = list(range(len(ta))), list(range(len(tb)))
    want = s.block(every_a, every_b).content.ravel()
    assert np.allclose(large.pairs(rows, cols).content.ravel(), want)
    assert np.allclose(large.block(every_a, every_b).content.ravel(), want)


# Seeds 003#15 (a quality-audit speech) lists its problems as bare headings; an
# edited copy promotes one of them to a part of its own and rewrites half its
# characters, so it shares few bigrams with itself, but its characters still run in
# the same order.
BARE_A = """一、存在的问题
（一）各单位和部门没有认真、全面、有效地提供管理评审资料
（二）对存在的问题不能用数学分析的方法进行统计、分析、评价及寻找改正的方法
二、下一步工作
（一）加强质量管理体系的学习和培训
"""

BARE_B = """一、存在的问题
（一）各单位和部门没有认真、全面、有效地提供管理评审资料
二、对存论的短板不能用所计经可的方别好行统所、分件、评价及寻间改三的做法
三、下一步工作
（一）加强质量管理体系的学习和培训
"""


def test_a_bare_heading_is_judged_by_its_characters_in_order_as_its_text() -> None:
    ta = tree_of(parse_text(BARE_A).documents[0])
    tb = tree_of(parse_text(BARE_B).documents[0])
    w = Weights()
    s = Scores(ta, tb, heading_weight=w.heading, text_weight=w.text)
    b = s.block([ta.ids.index("1.2")], [tb.ids.index("2")])
    # The heading likeness (characters in order) is the whole content of two bare
    # headings, and reaches the threshold of a match anywhere (0.3).
    assert b.content[0, 0] == pytest.approx(b.heading[0, 0])
    assert b.content[0, 0] >= 0.3 > b.own[0, 0]
    got = {
        (m.a, m.b): m.kind
        for m in align(parse_text(BARE_A).documents[0], parse_text(BARE_B).documents[0]).matches
    }
    assert got[("1.2", "2")] == "promoted"


def test_a_heading_over_a_long_body_does_not_carry_the_text_score() -> None:
    body = "加强大气污染防治，加快水污染治理，推进土壤污染防治，持续改善生态环境质量。" * 3
    head = "（一）对存在的问题不能用数学分析的方法进行统计"
    a = parse_text(f"一、总体\n{head}\n{body}\n").documents[0]
    b = parse_text(
        "一、总体\n（一）对存论的短板不能用所计经可的方别好行统所\n"
        "发挥政府投资带动作用，激发民间投资活力，扩大有效投资，促进消费稳定增长。\n"
    ).documents[0]
    ta, tb = tree_of(a), tree_of(b)
    w = Weights()
    s = Scores(ta, tb, heading_weight=w.heading, text_weight=w.text)
    blk = s.block([ta.ids.index("1.1")], [tb.ids.index("1.1")])
    # The headings are a small share of the own text: the text score stays the bodies'.
    assert blk.heading[0, 0] > 0.2
    assert blk.content[0, 0] < 0.5 * blk.heading[0, 0] + 0.1
