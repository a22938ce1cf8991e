"""The outlines of the five seed speeches, read as a careful human reader would."""

from __future__ import annotations

from pathlib import Path

import pytest

from compare import Document, ParsedFile, Section, parse_file

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
ADVERT_WORDS = ("仅供学习", "禁止外传", "会员群", "QQ群", "打击倒卖", "酷乐文行", "订阅")


def seed(prefix: str) -> ParsedFile:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return parse_file(path)


def only(parsed: ParsedFile) -> Document:
    assert len(parsed.documents) == 1, [d.title for d in parsed.documents]
    return parsed.documents[0]


def child_counts(doc: Document) -> list[int]:
    return [len(s.children) for s in doc.sections]


def markers(sections: tuple[Section, ...]) -> list[str]:
    return [s.marker for s in sections]


def test_000_mobilisation_speech() -> None:
    doc = only(seed("000"))
    assert doc.title == "在“帮一企、建一言、献一策”活动动员部署会上的讲话"
    assert doc.salutation is not None and doc.salutation.text == "同志们:"
    assert markers(doc.sections) == ["一、", "二、", "三、"]
    first, second, third = doc.sections
    assert first.heading == "统一思想、主动作为，充分认识开展助企解困活动的重要性、紧迫性"
    assert markers(first.children) == ["一是", "二是", "三是"]
    assert [c.style for c in second.children] == ["cn_aspect", "cn_aspect"]
    assert markers(third.children) == ["一要", "二要", "三要"]
    assert first.children[0].heading == "面对疫情之“危”，需要抢抓发展之“机”"
    # The opening ends with its signpost; the closing holds both "同志们，" paragraphs.
    assert doc.opening is not None and doc.opening.text.endswith("讲三点意见。")
    assert doc.closing is not None and doc.closing.text.count("同志们，") == 2


def test_001_subsection_counts() -> None:
    doc = only(seed("001"))
    assert doc.title == "在全市人大系统“履职担当促发展”活动月部署会上的讲话"
    assert child_counts(doc) == [5, 6, 4]
    assert all(c.marker.startswith("（") for s in doc.sections for c in s.children)
    assert doc.sections[1].children[5].id == "2.6"


def test_002_inline_items_keep_their_body() -> None:
    doc = only(seed("002"))
    assert child_counts(doc) == [3, 5, 2]
    item = doc.sections[0].children[0]
    assert item.marker == "（一）"
    assert item.heading == "落实好“两个行动”贵在“真”"
    assert item.inline
    # The paragraph after the inline item belongs to it, not to a new section.
    assert "全市各级各部门" in item.text


def test_004_six_sections() -> None:
    doc = only(seed("004"))
    assert doc.title == "在全市人大人事代表工作座谈会上的讲话"
    assert len(doc.sections) == 6
    assert child_counts(doc) == [4, 4, 3, 4, 4, 3]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_no_advert_text_in_any_section(prefix: str) -> None:
    parsed = seed(prefix)
    for doc in parsed.documents:
        texts = [doc.title]
        texts += [s.heading + s.text for s in doc.walk()]
        texts += [p.text for p in (doc.opening, doc.closing, doc.front) if p is not None]
        for text in texts:
            for word in ADVERT_WORDS:
                assert word not in text, (prefix, doc.index, word)


@pytest.mark.parametrize("prefix", ["000", "002", "004"])
def test_advert_block_is_reported_as_removed(prefix: str) -> None:
    parsed = seed(prefix)
    adverts = [r for r in parsed.removed if r.reason == "advert"]
    assert len(adverts) == 1
    (block,) = adverts
    assert block.span[0] == 0
    assert "仅供学习" in block.text and "会员群" in block.text and "酷乐文行" in block.text
    assert parsed.text[block.span[0] : block.span[1]].startswith("仅供学习")


class TestCompilation003:
    @pytest.fixture(scope="class")
    def parsed(self) -> ParsedFile:
        return seed("003")

    def test_splits_into_its_speeches(self, parsed: ParsedFile) -> None:
        assert 15 <= len(parsed.documents) <= 18

    def test_one_speech_appears_twice(self, parsed: ParsedFile) -> None:
        outlines = [tuple((s.marker, s.heading) for s in d.walk()) for d in parsed.documents]
        twice = [o for o in set(outlines) if outlines.count(o) == 2 and len(o) > 5]
        assert len(twice) == 1
        docs = [d for d, o in zip(parsed.documents, outlines, strict=True) if o == twice[0]]
        assert {d.title for d in docs} == {"市人大主任在市委人大工作会议上的讲话稿"}

    def test_speech_without_title_starts_at_its_salutation(self, parsed: ParsedFile) -> None:
        untitled = [d for d in parsed.documents if not d.title]
        assert untitled, "the compilation holds speeches with no title"
        for doc in untitled:
            assert doc.salutation is not None

    def test_compilation_header_and_page_tail_removed(self, parsed: ParsedFile) -> None:
        reasons = {r.reason for r in parsed.removed}
        assert "compilation header" in reasons
        assert any("相关范文推荐" in r.text for r in parsed.removed)
        assert all("案例15篇" not in d.title for d in parsed.documents)

    def test_enumeration_beginning_mid_paragraph(self, parsed: ParsedFile) -> None:
        # "做好这次换届选举工作,第一,是践行……" then paragraphs "第二,……", "第三,……".
        doc = parsed.documents[0]
        first = doc.sections[0]
        assert markers(first.children) == ["第一,", "第二,", "第三,"]
        assert first.children[0].heading.startswith("是践行人民当家做主")
        assert first.text.endswith("做好这次换届选举工作,")

    def test_copy_with_lost_headings_gets_implicit_parents(self, parsed: ParsedFile) -> None:
        # The 招商引资 speech lost its 一、 lines: its 1、 lists restart four times.
        doc = next(
            d for d in parsed.documents if d.opening and "招商引资工作会议" in d.opening.text
        )
        assert [s.implicit for s in doc.sections] == [True] * 4
        assert child_counts(doc) == [4, 6, 3, 6]

    def test_closing_is_not_a_section(self, parsed: ParsedFile) -> None:
        for doc in parsed.documents:
            for s in doc.walk():
                assert not s.heading.startswith(("预祝", "祝新一届")), (doc.index, s.id)


def test_001_items_that_explain_themselves_alike_keep_their_whole_heading() -> None:
    # "（三）走进代表家站点，开展集中履职，就是要……": six items turn to their
    # explanation with the same words, which end the heading; the first comma does not.
    items = only(seed("001")).sections[1].children
    assert [c.heading for c in items] == [
        "走进村居社区，学习宣讲二十大精神",
        "走进市场主体助力企业发展",
        "走进代表家站点，开展集中履职",
        "走进项目一线，督办议案建议和民生实事",
        "走进选区选民，征集民情民意",
        "走进培训课堂，提升履职能力",
    ]
    assert items[2].text.startswith("就是要建立经常性人大代表联系人民群众工作机制")
