"""Outline rules on small hand-written speeches: what counts as a heading, and at what level."""

from __future__ import annotations

from compare import Document, parse_text
from compare.markers import cn_number, markers_at, roman_number

BODY = "这是一段正文，用来说明具体工作要求，内容比较长，足以构成一个独立的段落。"


def doc(*lines: str) -> Document:
    parsed = parse_text("在全市工作会议上的讲话\n同志们：\n" + "\n".join(lines) + "\n")
    assert len(parsed.documents) == 1
    return parsed.documents[0]


def shape(d: Document) -> list[tuple[str, int, str]]:
    return [(s.id, s.level, s.marker) for s in d.walk()]


def test_chinese_numerals() -> None:
    assert [cn_number(s) for s in ("一", "十", "十二", "二十", "二十三", "一百", "两")] == [
        1,
        10,
        12,
        20,
        23,
        100,
        2,
    ]
    assert cn_number("一二") is None
    assert [roman_number(s) for s in ("i", "iv", "IX", "xiv")] == [1, 4, 9, 14]
    assert roman_number("iiii") is None


def test_marker_readings() -> None:
    assert [m.style for m in markers_at("（一）加强领导")] == ["cn_paren"]
    assert [m.text for m in markers_at("1、要加快项目落地")] == ["1、"]
    assert markers_at("2020年是不平凡的一年") == ()
    assert markers_at("5月和6月份，所有领导") == ()
    assert markers_at("一是一，二是二") == ()  # not a list item, whatever follows
    assert markers_at("第一次会议") == ()
    # "(i)" is read both ways; the outline decides from the sequence.
    assert {m.style for m in markers_at("(i) item")} == {"alpha_paren", "roman_paren"}


def test_levels_follow_first_appearance() -> None:
    d = doc(
        "一、统一思想",
        BODY,
        "（一）提高认识",
        BODY,
        "1.明确目标",
        BODY,
        "2.压实责任",
        BODY,
        "（二）突出重点",
        BODY,
        "二、加强领导",
        BODY,
        "1.直接在一级下面",
        BODY,  # 1. was first seen at level 3; here it sits under 二、
    )
    assert shape(d) == [
        ("1", 1, "一、"),
        ("1.1", 2, "（一）"),
        ("1.1.1", 3, "1."),
        ("1.1.2", 3, "2."),
        ("1.2", 2, "（二）"),
        ("2", 1, "二、"),
        ("2.1", 2, "1."),
    ]


def test_a_speech_may_start_at_any_rung() -> None:
    d = doc("（一）第一件事", BODY, "（二）第二件事", BODY, "1.细节", BODY)
    assert shape(d) == [("1", 1, "（一）"), ("2", 1, "（二）"), ("2.1", 2, "1.")]


def test_prose_that_contains_markers_is_not_a_heading() -> None:
    d = doc(
        "一、统一思想",
        BODY,
        "三是这一段以三是开头，但前面没有一是和二是，所以它只是正文。",
        "第一次会议是在去年召开的，这句话里的第一不是编号。",
        "二、加强领导",
        BODY,
    )
    assert shape(d) == [("1", 1, "一、"), ("2", 1, "二、")]
    assert "三是这一段" in d.sections[0].text


def test_enumerators_nest_under_whatever_is_open() -> None:
    d = doc(
        "一、统一思想",
        BODY,
        "一是提高站位。" + BODY,
        "二是强化担当。" + BODY,
        "（一）具体措施",
        BODY,
        "一要加强领导。" + BODY,
        "二要压实责任。" + BODY,
    )
    assert shape(d) == [
        ("1", 1, "一、"),
        ("1.1", 2, "一是"),
        ("1.2", 2, "二是"),
        ("1.3", 2, "（一）"),
        ("1.3.1", 3, "一要"),
        ("1.3.2", 3, "二要"),
    ]
    assert d.sections[0].children[0].heading == "提高站位"
    assert d.sections[0].children[0].inline


def test_enumeration_that_starts_mid_paragraph() -> None:
    d = doc(
        "一、统一思想",
        "做好这次工作，意义重大：第一，是落实上级部署的需要。" + BODY,
        "第二，是推动发展的需要。" + BODY,
        "第三，是服务群众的需要。" + BODY,
    )
    first = d.sections[0]
    assert [c.marker for c in first.children] == ["第一，", "第二，", "第三，"]
    assert first.text == "做好这次工作，意义重大："
    assert first.children[0].heading == "是落实上级部署的需要"


def test_one_lost_item_is_tolerated_but_a_jump_is_not() -> None:
    d = doc("一、甲", BODY, "二、乙", BODY, "四、丁（三、丢了）", BODY, "九、这不是下一个", BODY)
    assert [s.marker for s in d.sections] == ["一、", "二、", "四、"]


def test_last_is_not_a_section_and_closes_the_speech() -> None:
    d = doc("一、甲", BODY, "二、乙", BODY, "最后，预祝大会圆满成功！")
    assert [s.marker for s in d.sections] == ["一、", "二、"]
    assert d.closing is not None and d.closing.text == "最后，预祝大会圆满成功！"


def test_first_then_last_is_a_sequence() -> None:
    d = doc("首先，要提高认识。" + BODY, "其次，要加强领导。" + BODY, "最后，要狠抓落实。" + BODY)
    assert [s.marker for s in d.sections] == ["首先，", "其次，", "最后，"]


def test_dash_items() -> None:
    d = doc(
        "一、工作回顾", BODY, "——这一年，我们抓了发展。" + BODY, "——这一年，我们抓了民生。" + BODY
    )
    assert [c.style for c in d.sections[0].children] == ["dash", "dash"]


def test_a_list_after_an_address_to_the_hall_belongs_to_the_summing_up() -> None:
    """``各位代表！`` after a part's last task sums the part up; the dash list after it is
    that summing up's, not the last task's. The tasks' own list stays open."""
    d = doc(
        "一、工作回顾",
        BODY,
        "（一）经济平稳。" + BODY,
        "（二）民生改善。" + BODY,
        "各位代表！五年来的成绩来之不易。" + BODY,
        "——这是发展的五年。" + BODY,
        "——这是改革的五年。" + BODY,
        "（三）安全稳固。" + BODY,
        "二、今年工作",
        BODY,
    )
    review = d.sections[0]
    assert [(c.marker, c.style) for c in review.children] == [
        ("（一）", "cn_paren"),
        ("（二）", "cn_paren"),
        ("各位代表！", "address"),
        ("（三）", "cn_paren"),
    ]
    summing = review.children[2]
    assert summing.heading == "五年来的成绩来之不易"
    assert summing.text == BODY
    assert [c.style for c in summing.children] == ["dash", "dash"]
    assert "各位代表" not in review.children[1].text
    assert review.children[3].number == 3


def test_an_address_with_no_list_after_it_stays_text() -> None:
    """Without a list to hold, the address is prose of the task it stands in, and after
    the last section it opens the closing, as before."""
    d = doc(
        "一、工作回顾",
        "（一）经济平稳。" + BODY,
        "各位代表！成绩来之不易。" + BODY,
        "二、今年工作",
        "（一）扩大内需。" + BODY,
        "同志们，让我们团结奋斗！",
    )
    assert [len(s.children) for s in d.sections] == [1, 1]
    assert "各位代表！成绩来之不易。" in d.sections[0].children[0].text
    assert d.closing is not None and d.closing.text == "同志们，让我们团结奋斗！"


def test_a_list_that_goes_on_after_an_address_keeps_it_as_text() -> None:
    """``1.`` ``2.``, an address, ``3.``: the list was not interrupted, so ``3.`` goes on
    under the same task and the address is prose of ``2.``."""
    d = doc(
        "一、工作回顾",
        BODY,
        "（一）经济平稳。" + BODY,
        "1.工业。" + BODY,
        "2.农业。" + BODY,
        "各位代表！还要说明一点。" + BODY,
        "3.服务业。" + BODY,
        "（二）民生改善。" + BODY,
    )
    task = d.sections[0].children[0]
    assert [c.marker for c in task.children] == ["1.", "2.", "3."]
    assert "各位代表！还要说明一点。" in task.children[1].text
    assert [c.marker for c in d.sections[0].children] == ["（一）", "（二）"]


def test_restarting_lists_get_implicit_parents() -> None:
    lines = []
    for lead in ("关于为什么要做这件事，先讲讲背景。", "关于怎么做，再讲几点要求。"):
        lines += [lead, "1、甲。" + BODY, "2、乙。" + BODY, "3、丙。" + BODY]
    d = doc(*lines)
    assert [s.implicit for s in d.sections] == [True, True]
    assert [len(s.children) for s in d.sections] == [3, 3]
    assert d.sections[1].heading == "关于怎么做，再讲几点要求"


def test_unnumbered_top_headings_when_used_consistently() -> None:
    d = doc(
        "过去一年工作回顾",
        BODY * 3,
        "（一）经济平稳",
        BODY,
        "今年重点工作",
        BODY * 3,
        "（一）扩大内需",
        BODY,
    )
    assert [(s.style, s.heading) for s in d.sections] == [
        ("plain", "过去一年工作回顾"),
        ("plain", "今年重点工作"),
    ]
    assert [len(s.children) for s in d.sections] == [1, 1]


LONG = "把各项工作要求落到实处，推动形成上下联动、齐抓共管的良好局面，确保取得实效。"


def test_parallel_items_end_their_headings_where_they_all_turn_to_the_explanation() -> None:
    d = doc(
        "一、做好三项工作",
        "（一）抓好队伍建设，提升干部素质，关键是要选好配强领导班子，" + LONG,
        "（二）抓好基层治理，关键是要把矛盾纠纷化解在萌芽状态，" + LONG,
        "（三）抓好作风建设，改进工作方法，关键是要坚决纠治形式主义官僚主义，" + LONG,
    )
    assert [c.heading for c in d.sections[0].children] == [
        "抓好队伍建设，提升干部素质",
        "抓好基层治理",
        "抓好作风建设，改进工作方法",
    ]
    assert d.sections[0].children[2].text.startswith("关键是要坚决纠治")


def test_clause_openings_shared_by_chance_do_not_move_the_cut() -> None:
    # Two of four long items happen to open a clause alike (推动形成); the others
    # do not, so every heading keeps the usual cut at its first clause.
    d = doc(
        "一、做好四项工作",
        "（一）抓好队伍建设，推动形成能者上庸者下的用人导向，选好配强各级领导班子，让干部队伍结构更加合理、作风更加过硬。",
        "（二）抓好基层治理，推动形成共建共治共享的治理格局，把矛盾纠纷化解在萌芽状态和基层一线，让群众在家门口就能感受到公平正义、安居乐业。",
        "（三）抓好作风建设，坚决纠治形式主义官僚主义，持续为基层减负，切实改进调查研究、督促检查和联系服务群众的方式方法。",
        "（四）抓好安全生产，压实企业主体责任和部门监管责任，守住不发生重大事故的底线，切实保障人民群众的生命财产安全。",
    )
    assert [c.heading for c in d.sections[0].children] == [
        "抓好队伍建设",
        "抓好基层治理",
        "抓好作风建设",
        "抓好安全生产",
    ]
