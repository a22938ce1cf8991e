"""Policy-area vectors (compare/topics.py): cue words counted over subtrees."""

from __future__ import annotations

import numpy as np

from compare.matching import Tree
from compare.parse import parse_text
from compare.topics import AREAS, subtree_topics, topic_likeness

TEXT_A = """关于今年工作

一、保障和改善民生
（一）稳定和扩大就业
加强就业服务，做好高校毕业生就业工作。
（二）办好人民满意的教育
推进义务教育优质均衡发展，完善养老服务体系。
二、推进乡村全面振兴
抓好粮食生产，促进农民增收，建设宜居宜业和美乡村。
"""

TEXT_B = """今年的主要任务

一、持续提高人民生活品质
落实就业优先政策，发展医疗卫生和养老事业，加快建设保障性住房。
二、加快农业农村现代化
稳定粮食播种面积，巩固拓展脱贫攻坚成果，深化农村改革。
"""


def _tree(text: str) -> Tree:
    return Tree(parse_text(text).documents[0])


def test_a_part_is_read_with_its_subsections_and_vectors_have_unit_length() -> None:
    t = _tree(TEXT_A)
    v = subtree_topics(t)
    assert v.shape == (len(t), len(AREAS))
    livelihood = list(AREAS).index("livelihood")
    part = t.ids.index("1")
    # The part's own heading says 民生; its subsections add 就业 and 教育, 养老.
    assert int(np.argmax(v[part])) == livelihood
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0)
    assert subtree_topics(t) is v  # made once per tree


def test_sections_on_one_policy_area_are_alike_in_different_words() -> None:
    ta, tb = _tree(TEXT_A), _tree(TEXT_B)
    like = topic_likeness(ta, tb, [ta.ids.index("1"), ta.ids.index("2")], [0, tb.ids.index("2")])
    assert like[0, 0] > 0.8 and like[1, 1] > 0.8  # livelihood, rural work
    assert like[0, 1] < 0.5 and like[1, 0] < 0.5


def test_latin_script_has_no_cue_words() -> None:
    t = _tree("A Bill\n\nSection 1. Paid sick leave\nAn employer shall provide paid sick leave.\n")
    assert not subtree_topics(t).any()


def test_a_speech_compared_with_itself_gets_no_topic_links() -> None:
    from compare.align import align

    near_twins = """讲话

一、抓好民生工作
（一）做好就业和养老工作
加强就业服务，完善养老服务体系，办好人民满意的教育。
（二）做好就业和养老服务
加强就业服务，完善养老服务体系，办好人民满意的教育事业。
二、推进乡村振兴
抓好粮食生产，促进农民增收。
"""
    doc = parse_text(near_twins).documents[0]
    same = align(doc, doc)
    assert same.similarity == 1.0
    assert all(m.kind == "identical" for m in same.matches)
    assert len(same.matches) == len(list(doc.walk()))
