"""Inline diffs: sentences first, then Indel character opcodes that rebuild both texts."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Indel

from compare.inline import (
    _DIRECT,
    _FOLD_RANGES,
    _PAIR_MIN,
    Op,
    _fold_table,
    _pair_sentences,
    diff_text,
    inline_diff,
    sentence_spans,
)
from compare.matching import lis_keep
from compare.model import Section
from compare.normalize import fold


def rebuild(x: str, y: str, ops: tuple[Op, ...]) -> tuple[str, str]:
    """Both texts back from the opcodes; also checks that the ops tile both texts."""
    pa = pb = 0
    out_a, out_b = [], []
    for op in ops:
        assert (op.a_start, op.b_start) == (pa, pb)
        assert op.tag in {"equal", "delete", "insert", "replace"}
        if op.tag == "equal":
            # equal means equal up to width variants (，/,), never different words
            assert fold(x[op.a_start : op.a_end]) == fold(y[op.b_start : op.b_end])
        if op.tag == "delete":
            assert op.b_start == op.b_end
        if op.tag == "insert":
            assert op.a_start == op.a_end
        out_a.append(x[op.a_start : op.a_end])
        out_b.append(y[op.b_start : op.b_end])
        pa, pb = op.a_end, op.b_end
    assert (pa, pb) == (len(x), len(y))
    return "".join(out_a), "".join(out_b)


def test_sentences_cover_the_text() -> None:
    text = "我们要加强领导。切实做好工作，确保实效！\n增长3.5个百分点。最后一句"
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == [
        "我们要加强领导。",
        "切实做好工作，确保实效！\n",
        "增长3.5个百分点。",
        "最后一句",
    ]


def test_equal_texts_are_one_equal_op() -> None:
    assert diff_text("加强领导。", "加强领导。") == (Op("equal", 0, 5, 0, 5),)
    assert diff_text("", "") == ()
    assert diff_text("", "新增。") == (Op("insert", 0, 0, 0, 3),)
    assert diff_text("删去。", "") == (Op("delete", 0, 3, 0, 0),)


def test_width_variants_are_not_changes() -> None:
    ops = diff_text("统一思想，提高认识。", "统一思想,提高认识.")
    assert {op.tag for op in ops} == {"equal"}


def test_a_moved_sentence_is_a_deletion_and_an_insertion() -> None:
    x = "第一句话。第二句话讲别的。第三句话。"
    y = "第二句话讲别的。第一句话。第三句话。"
    ops = diff_text(x, y)
    assert rebuild(x, y, ops) == (x, y)
    equal_b = "".join(y[o.b_start : o.b_end] for o in ops if o.tag == "equal")
    assert "第三句话。" in equal_b
    assert "第二句话讲别的。" in equal_b or "第一句话。" in equal_b


def test_a_changed_word_stays_small() -> None:
    x = "我们要加强组织领导，确保活动取得实效。"
    y = "我们要强化组织领导，确保活动取得实效。"
    ops = diff_text(x, y)
    changed = sum(max(o.a_end - o.a_start, o.b_end - o.b_start) for o in ops if o.tag != "equal")
    assert changed <= 4  # 加强 → 强化: not the whole sentence
    assert rebuild(x, y, ops) == (x, y)


def test_inline_diff_of_sections() -> None:
    a = Section("1", 1, "一、", "加强组织领导", "要明确责任。抓好落实。", (0, 0), (0, 0))
    b = Section("1", 1, "1.", "强化组织领导", "要明确责任。抓好落实。新增要求。", (0, 0), (0, 0))
    d = inline_diff(a, b)
    assert d.changed
    assert any(op.tag != "equal" for op in d.heading)
    assert d.text[-1].tag == "insert"
    assert not inline_diff(a, a).changed


chunks = st.lists(
    st.sampled_from(["加强", "领导", "工作", "，", "。", "！", "落实", "3.5", "\n", "X"]),
    max_size=20,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(chunks, chunks)
def test_opcodes_always_rebuild_both_texts(x: str, y: str) -> None:
    assert rebuild(x, y, diff_text(x, y)) == (x, y)


# The sentence pattern as first written: one regex for a whole sentence. The splitter
# scans stop characters only; it must cut exactly where this pattern does.
_ONE_PATTERN = re.compile(
    r"(?:[^。！？；!?;\n.]|\.(?=\d))*(?:(?:[。！？；!?;\n]|\.(?!\d))+[”’」』）)]*|$)"
)
sentence_chars = st.text(alphabet="甲乙。！？；!?;\n.3３٣”’」』）)，x ", max_size=30)


@settings(max_examples=500, deadline=None)
@given(sentence_chars)
def test_sentence_spans_cut_where_the_sentence_pattern_does(text: str) -> None:
    want = [(m.start(), m.end()) for m in _ONE_PATTERN.finditer(text) if m.end() > m.start()]
    assert sentence_spans(text) == want


def test_fold_table_folds_each_character_as_alone() -> None:
    want = {}
    for lo, hi in _FOLD_RANGES:
        for cp in range(lo, hi):
            f = fold(chr(cp))
            if len(f) == 1 and f != chr(cp):
                want[cp] = f
    assert _fold_table() == want


def test_long_stretches_pair_sentences_like_short_ones() -> None:
    """More than _DIRECT sentence pairs go through cdist (float32 scores): same pairs."""
    x = "".join(f"第{n}项工作要抓紧落实到位。" for n in range(6))
    y = "".join(f"第{n}项工作要抓紧落实。" for n in range(5, -1, -1))
    kx = [x[s:e] for s, e in sentence_spans(x)]
    ky = [y[s:e] for s, e in sentence_spans(y)]
    assert len(kx) * len(ky) > _DIRECT
    direct = []
    for i, a in enumerate(kx):
        scores = [Indel.normalized_similarity(a, b) for b in ky]
        if max(scores) >= _PAIR_MIN:
            direct.append((i, scores.index(max(scores))))
    assert _pair_sentences(kx, ky) == lis_keep(direct)
    assert rebuild(x, y, diff_text(x, y)) == (x, y)
