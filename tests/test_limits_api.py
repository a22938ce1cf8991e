"""Odd input through the Python API: long lists, Latin placeholders, lone surrogates,
huge groups of near copies, undecodable bytes (docs/limits.md)."""

from __future__ import annotations

import random

import numpy as np
import pytest

from compare.align import align
from compare.batch.canon import canonical, key
from compare.batch.duplicates import SMALL_GROUP, near_groups, verify_group, verify_near
from compare.batch.ingest import SHINGLE
from compare.batch.sketch import minhash, shingle_hashes
from compare.normalize import WILDCARD, normalize
from compare.parse import parse_text
from compare.textio import InputError, decode

W = WILDCARD


def test_numbered_items_past_99_are_all_recognised() -> None:
    n = 20_000
    lines = ["关于若干事项的通知", "各单位："]
    lines += [f"{k}. 第{k}项事项要落实。具体内容如下，请认真执行。" for k in range(1, n + 1)]
    doc = parse_text("\n".join(lines) + "\n").documents[0]
    assert len(doc.sections) == n
    assert [s.number for s in doc.sections] == list(range(1, n + 1))
    assert doc.sections[-1].heading == f"第{n}项事项要落实"
    heading_lines = ["工作要点", "同志们："]
    for k in range(1, 151):
        heading_lines += [f"{k}、第{k}项工作", f"这是第{k}项工作的具体要求和安排，必须落实。"]
    outline = parse_text("\n".join(heading_lines) + "\n").documents[0]
    assert [s.number for s in outline.sections] == list(range(1, 151))
    bracketed = parse_text(
        "说明\n" + "\n".join(f"（{k}）第{k}条说明的内容。后面还有正文。" for k in range(1, 130))
    ).documents[0]
    assert [s.number for s in bracketed.sections] == list(range(1, 130))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("src=x", "src=x"),
        ("a = x + 1", "a=x+1"),
        ("3×4=12", "3×4=12"),
        ("Dear XX,", "DearXX,"),
        ("x", "x"),
        ("XX市委", f"{W}市委"),
        ("在 XX 市", f"在{W}市"),
        ("（××）同志", f"({W})同志"),
        ("20xx年", f"{W}年"),
        ("**局长", f"{W}局长"),
        ("市×届人大", f"市{W}届人大"),
    ],
)
def test_placeholders_only_where_they_stand_for_a_word(text: str, expected: str) -> None:
    assert normalize(text) == expected


def test_canonical_text_agrees_with_normalize_on_placeholders() -> None:
    for text in ("src=x；XX市委", "3×4，××同志", "在20xx年，x的值", "（XX）"):
        assert key(canonical(text)) == normalize(text)


@pytest.mark.parametrize("bad", ["\ud800", "\udfff", "\ud83d", "\udc80\udc81"])
def test_lone_surrogates_do_not_break_alignment(bad: str) -> None:
    lines = ["在全市工作会议上的讲话", "同志们："]
    for k, c in enumerate("一二三四五"):
        lines += [f"{c}、第{k}部分的标题", "这是正文，内容很长很长。" * 30]
    text = "\n".join(lines)
    a = parse_text(text).documents[0]
    b = parse_text(text.replace("正文", "正" + bad + "文")).documents[0]
    assert normalize("正" + bad + "文") == "正" + "\ufffd" * len(bad) + "文"
    result = align(a, b)
    assert 0.0 < result.similarity < 1.0
    assert align(b, b).similarity == 1.0


def _copies(n: int, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    base = "".join(rng.choice("我们要坚持发展经济民生改革创新开放治理安全") for _ in range(3000))
    out = []
    for _ in range(n):
        chars = list(base)
        for _ in range(10):
            chars[rng.randrange(len(chars))] = rng.choice("甲乙丙丁戊")
        out.append("".join(chars))
    return out


def _sketches(texts: list[str]) -> np.ndarray:  # type: ignore[type-arg]
    return np.stack([minhash(shingle_hashes(t, SHINGLE)) for t in texts])


def test_a_large_group_of_copies_is_verified_through_its_representative() -> None:
    texts = _copies(300)
    small, groups = near_groups(_sketches(texts), range(len(texts)))
    assert small == [] and len(groups) == 1  # one group, too large for all pairs
    pairs = groups[0]
    assert len(pairs) < len(texts) ** 2 / 4  # LSH gave far fewer than all pairs
    calls = 0

    class Counting(dict[int, str]):
        def __getitem__(self, k: int) -> str:
            nonlocal calls
            calls += 1
            return super().__getitem__(k)

    found = verify_group(pairs, Counting(enumerate(texts)), threshold=0.7)
    assert [(a, b) for a, b, _ in found] == [(0, k) for k in range(1, len(texts))]
    assert all(sim > 0.99 for _, _, sim in found)
    assert calls <= 2 * 2 * len(texts)  # about one comparison a speech, not one a pair


def test_small_clusters_inside_a_large_group_keep_all_their_pairs() -> None:
    rng = random.Random(5)
    texts: list[str] = []
    truth: set[tuple[int, int]] = set()
    for _ in range(15):  # 15 speeches with two near copies each
        base = "".join(
            rng.choice("我们要坚持发展经济民生改革创新开放治理安全") for _ in range(2000)
        )
        first = len(texts)
        for _ in range(3):
            chars = list(base)
            for _ in range(20):
                chars[rng.randrange(len(chars))] = rng.choice("甲乙丙丁")
            texts.append("".join(chars))
        truth |= {(first, first + 1), (first, first + 2), (first + 1, first + 2)}
    # One group: every pair, best estimate first (as if LSH had joined them all).
    sketches = _sketches(texts)
    every = [(i, j) for i in range(len(texts)) for j in range(i + 1, len(texts))]
    pairs = sorted(every, key=lambda p: -np.count_nonzero(sketches[p[0]] == sketches[p[1]]))
    assert len(texts) > SMALL_GROUP
    found = {(a, b) for a, b, _ in verify_group(pairs, dict(enumerate(texts)), threshold=0.7)}
    assert found == truth
    assert found == {
        (a, b) for a, b, _ in verify_near(pairs, dict(enumerate(texts)), threshold=0.7)
    }


def test_undecodable_bytes_are_located() -> None:
    text = "在全市工作会议上的讲话\n同志们：\n今天开会。\n"
    data = text.encode("utf-8")
    damaged = data[:9] + b"\xff" + data[9:] + b"\xe4\xb8"  # a stray byte, a cut character
    found = decode(damaged)
    assert found.encoding == "utf-8"
    assert [(r.offset, r.data) for r in found.replaced] == [
        (9, b"\xff"),
        (len(data) + 1, b"\xe4\xb8"),
    ]
    assert [found.text[r.char] for r in found.replaced] == ["\ufffd", "\ufffd"]
    assert found.text.replace("\ufffd", "") == text
    gbk = text.encode("gb18030")
    assert decode(gbk).encoding == "gb18030" and not decode(gbk).replaced
    lots = bytes(b ^ 0x80 for b in data) * 3  # mostly invalid: not "a few bad bytes"
    with pytest.raises(InputError, match=r"cannot decode|not text"):
        decode(lots, "x.bin")
