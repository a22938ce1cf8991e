"""Property tests: the parser never raises, and every span indexes the decoded text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compare import ParsedFile, Section, parse_text

# Pieces real speeches are made of, so that generated text exercises the outline.
PIECES = [
    "一、",
    "二、",
    "三、",
    "十二、",
    "（一）",
    "（二）",
    "(三)",
    "1.",
    "2、",
    "3．",
    "（1）",
    "①",
    "一是",
    "二是",
    "一要",
    "二要",
    "第一，",
    "第二,",
    "首先，",
    "其次，",
    "最后，",
    "一方面，",
    "另一方面，",
    "——",
    "#",
    "## ",
    "Section 1.",
    "(a)",
    "(i)",
    "I.",
    "A.",
    "附件1",
    "注释",
    "同志们：",
    "各位代表：",
    "谢谢大家！",
    "在全市工作会议上的讲话",
    "政府工作报告",
    "仅供学习 禁止外传",
    "会员群：",
    "下载",
    "来源：新华社",
    "相关报道：",
    "统一思想",
    "提高认识",
    "。",
    "，",
    "；",
    "：",
    "“",
    "”",
    "XX",
    "20xx",
    "\n",
    "\n",
    "\n",
    "\r\n",
    "\u3000",
    " ",
    "\t",
    "2.5",
]
speechlike = st.lists(st.sampled_from(PIECES), max_size=120).map("".join)
anything = st.text(max_size=400)


def _norm(s: str) -> str:
    return "".join(s.split())


def _check_spans(parsed: ParsedFile) -> None:
    text = parsed.text
    n = len(text)

    def inside(span: tuple[int, int]) -> None:
        assert 0 <= span[0] <= span[1] <= n

    def check_section(sec: Section, doc_span: tuple[int, int]) -> None:
        inside(sec.span)
        inside(sec.heading_span)
        assert doc_span[0] <= sec.span[0] and sec.span[1] <= doc_span[1]
        assert sec.span[0] <= sec.heading_span[0] <= sec.heading_span[1] <= sec.span[1]
        assert _norm(text[sec.heading_span[0] : sec.heading_span[1]]) == _norm(sec.heading)
        previous_end = sec.span[0]
        for child in sec.children:
            assert child.span[0] >= previous_end
            assert sec.span[0] <= child.span[0] and child.span[1] <= sec.span[1]
            previous_end = child.span[1]
            check_section(child, doc_span)

    for doc in parsed.documents:
        inside(doc.span)
        ids = [s.id for s in doc.walk()]
        assert len(ids) == len(set(ids))
        for sec in doc.sections:
            check_section(sec, doc.span)
        for part in (doc.title_part, doc.front, doc.salutation, doc.opening, doc.closing):
            if part is not None:
                inside(part.span)
                original = _norm(text[part.span[0] : part.span[1]])
                for line in part.text.split("\n"):
                    assert _norm(line) in original
    for removed in parsed.removed:
        inside(removed.span)
        original = text[removed.span[0] : removed.span[1]]
        for line in removed.text.split("\n"):
            assert line in original


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(speechlike)
def test_speechlike_text_parses_with_valid_spans(text: str) -> None:
    _check_spans(parse_text(text))


@settings(max_examples=300, deadline=None)
@given(anything)
def test_arbitrary_text_never_raises(text: str) -> None:
    _check_spans(parse_text(text))


def test_empty_and_blank_text() -> None:
    for text in ("", "\n\n", "\u3000\r\n"):
        assert parse_text(text).documents == ()
