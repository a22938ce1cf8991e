"""Top-level headings of provincial government work reports (scraped web pages)."""

from __future__ import annotations

from pathlib import Path

import pytest

from compare import Document, parse_file

GWR = Path(__file__).resolve().parent.parent / "fixtures" / "gwr"


def report(province: str) -> Document:
    parsed = parse_file(GWR / f"2026_{province}_政府工作报告.txt")
    assert len(parsed.documents) == 1, [d.title for d in parsed.documents]
    return parsed.documents[0]


def tops(doc: Document) -> list[tuple[str, str]]:
    return [(s.marker, s.heading) for s in doc.sections]


EXPECTED = {
    "上海市": [
        ("一、", "2025年工作回顾"),
        ("二、", "关于《上海市国民经济和社会发展第十五个五年规划纲要（草案）》的说明"),
        ("三、", "2026年主要任务"),
        ("四、", "深入推进政府治理创新"),
    ],
    "北京市": [
        ("一、", "2025年工作回顾"),
        ("二、", "“十四五”时期发展成就和“十五五”时期主要目标任务"),
        ("三、", "2026年重点工作"),
    ],
    "浙江省": [
        ("一、", "2025年主要工作和“十四五”发展成就"),
        ("二、", "“十五五”时期的主要目标任务"),
        ("三、", "2026年重点工作"),
    ],
    # Gansu's top headings carry no numerals.
    "甘肃省": [
        ("", "“十四五”时期工作回顾"),
        ("", "“十五五”时期的主要目标任务"),
        ("", "2026年重点工作"),
    ],
    # Guangdong ends with two appendices; the first restarts 一、.
    "广东省": [
        ("一、", "2025年和“十四五”时期工作回顾"),
        ("二、", "“十五五”时期的主要目标和重点任务"),
        ("三、", "2026年工作安排"),
        ("附件1", "2026年省十件民生实事"),
        ("附件2", "名词解释"),
    ],
    "四川省": [
        ("一、", "2025年工作回顾和“十四五”发展主要成绩"),
        ("二、", "“十五五”发展的主要考虑"),
        ("三、", "2026年工作安排"),
        ("", "名词解释"),
    ],
    "海南省": [
        ("一、", "2025年和“十四五”时期工作回顾"),
        ("二、", "“十五五”时期主要目标任务"),
        ("三、", "2026年主要工作"),
        ("四、", "加强政府自身建设"),
        ("", "注释"),
    ],
}


@pytest.mark.parametrize("province", sorted(EXPECTED))
def test_top_level_headings(province: str) -> None:
    assert tops(report(province)) == EXPECTED[province]


@pytest.mark.parametrize("province", sorted(EXPECTED))
def test_front_matter(province: str) -> None:
    doc = report(province)
    assert "政府工作报告" in doc.title
    assert doc.salutation is not None and doc.salutation.text == "各位代表："
    assert doc.front is not None and "人民代表大会" in doc.front.text
    assert doc.closing is not None and doc.closing.text.startswith("各位代表")
    for part in (doc.title, doc.front.text):
        for furniture in ("下载", "打印", "【字号", "来源：", "相关报道"):
            assert furniture not in part


def test_inner_mongolia_thematic_headings_hold_the_numbered_sections() -> None:
    doc = report("内蒙古自治区")
    assert [s.heading for s in doc.sections[:2]] == [
        "“十四五”时期发展成就和2025年工作回顾",
        "“十五五”时期主要目标和2026年重点工作",
    ]
    tasks = doc.sections[1]
    assert [c.marker for c in tasks.children] == ["一、", "二、", "三、", "四、"]
    assert tasks.children[2].heading == "全力抓好七项重点工作"
    assert [c.marker for c in tasks.children[2].children][:3] == ["（一）", "（二）", "（三）"]
    appendix = doc.sections[2]
    assert appendix.marker == "附件" and len(appendix.children) == 10


def test_guangdong_appendix_restarts_numbering_inside_itself() -> None:
    doc = report("广东省")
    appendix = doc.sections[3]
    assert [c.marker for c in appendix.children] == [
        "一、",
        "二、",
        "三、",
        "四、",
        "五、",
        "六、",
        "七、",
        "八、",
        "九、",
        "十、",
    ]
    assert all(c.level == 2 for c in appendix.children)
    # Twelve (一)… sections of 2026's work: numbering continuity through （十四）.
    work = doc.sections[2]
    assert [c.marker for c in work.children][-1] == "（十四）"


def test_hainan_notes_use_bracketed_numbers() -> None:
    notes = report("海南省").sections[-1]
    assert notes.children[0].marker == "［1］"
    assert notes.children[0].heading == "一降三减"
    assert len(notes.children) >= 20


def test_page_tail_is_not_a_second_speech() -> None:
    parsed = parse_file(GWR / "2026_四川省_政府工作报告.txt")
    assert len(parsed.documents) == 1
    tail = [r for r in parsed.removed if "关闭窗口" in r.text]
    assert tail and tail[-1].span[1] == len(parsed.text.rstrip())


def test_broken_lines_are_joined() -> None:
    # Guangdong's PDF copy breaks "……发展的\n主要目标\n是：……" and "PM\n2.5\n年平均浓度".
    doc = report("广东省")
    texts = "\n".join(s.text for s in doc.walk())
    assert "经济社会发展的主要目标是：" in texts
    assert "2.5年平均浓度" in texts
    assert all(s.heading != "主要目标" for s in doc.walk())


def test_parallel_lead_sentences_become_subsections() -> None:
    # Hainan reviews its year as "这一年，我们……。" + a long paragraph, seven times over.
    review = report("海南省").sections[0]
    leads = [c for c in review.children if c.heading.startswith("这一年，我们")]
    assert len(leads) == 7
    assert all(c.style == "lead" and c.marker == "" and len(c.text) > 200 for c in leads)
    # One-sentence lines inside prose that are not in such a run stay prose.
    doc = report("上海市")
    assert not any(s.style == "lead" for s in doc.walk())


def test_zhejiang_five_year_list_follows_its_summing_up_not_the_last_task() -> None:
    """After （十） 切实筑牢安全防线, ``各位代表！2025年各项目标任务的圆满完成……`` sums up
    the five years, and the five ``——`` achievements after it are its own."""
    review = report("浙江省").sections[0]
    last_task, summing = review.children[9], review.children[10]
    assert last_task.marker == "（十）" and not last_task.children
    assert "各位代表" not in last_task.text
    assert summing.marker == "各位代表！" and summing.style == "address"
    assert summing.heading.startswith("2025年各项目标任务的圆满完成")
    assert [c.heading for c in summing.children][:1] == ["发展质效不断提高，综合实力进一步跃升"]
    assert len(summing.children) == 5 and {c.style for c in summing.children} == {"dash"}
