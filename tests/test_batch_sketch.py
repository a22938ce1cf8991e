"""Building blocks: canonical text, clause hashing, MinHash sketches."""

from __future__ import annotations

import random
import re
import subprocess
import sys

import numpy as np
from batch_support import GWR, ROOT, SEEDS

from compare.batch.canon import canonical, heading_key, key
from compare.batch.clauses import clause_table
from compare.batch.sketch import estimate, minhash, shingle_hashes, token_hashes
from compare.normalize import normalize
from compare.parse import parse_file
from compare.textio import read_text


def test_long_and_short_texts_fold_alike() -> None:
    # Long texts go through a code-point table, short ones through str.translate:
    # piece by piece and whole, hostile characters included, they must agree.
    text = read_text(SEEDS / "003_5c63eede7426c25a.txt")[0][:3000]
    text += "\ud800 lone surrogate, \U00020000 astral, \u037e Greek ;, ＸＸ市, 　full-width"
    whole = canonical(text)
    assert len(whole) == len(text)
    pieces = "".join(canonical(text[i : i + 100]) for i in range(0, len(text), 100))
    # Placeholders and NFC look across piece borders; these borders cut neither.
    assert whole == pieces
    decomposed = "e\u0301" * 600  # NFC would shorten it: the raw text is folded instead
    assert canonical(decomposed) == "".join(
        canonical(decomposed[i : i + 2]) for i in range(0, 1200, 2)
    )


def test_canonical_text_is_normalize_and_keeps_offsets() -> None:
    text = read_text(SEEDS / "003_5c63eede7426c25a.txt")[0]
    canon = canonical(text)
    assert len(canon) == len(text)
    for piece in re.split(r"[。\n]", text)[:400]:
        assert key(canonical(piece)) == normalize(piece), piece
    assert heading_key("一、“十四五”时期和2025年工作回顾") == heading_key(
        "一、十四五时期和2026年工作回顾"
    )
    # A Latin word is one unit of the key, and so is a number in a Latin heading;
    # a Chinese heading keeps a digit a unit whatever Latin words it holds.
    assert len(heading_key("Section 448.111, Florida Statutes")) == 4
    assert heading_key("SECTION 2. Definitions") == heading_key("Section 12. definitions")
    assert len(heading_key("加快5G建设，2025年完成")) == len("加快0建设0000年完成")


def test_clause_spans_point_at_their_text() -> None:
    path = GWR / "2026_北京市_政府工作报告.txt"
    text = read_text(path)[0]
    doc = parse_file(path).documents[0]
    lo, hi = doc.span
    table = clause_table(text[lo:hi], canonical(text[lo:hi]), lo)
    assert len(table) > 200
    for s, e, n in zip(
        table.starts.tolist(), table.ends.tolist(), table.lengths.tolist(), strict=True
    ):
        piece = text[s:e]
        assert len(key(canonical(piece))) == n >= 12
        assert not re.search(r"[。，；：！？]", piece)
    # Same words, other width and spacing: same hash.
    a = clause_table(
        "坚持稳中求进工作总基调不动摇，", canonical("坚持稳中求进工作总基调不动摇，"), 0
    )
    b = clause_table(
        "坚持稳中求进 工作总基调不动摇。", canonical("坚持稳中求进 工作总基调不动摇。"), 0
    )
    assert a.hashes.tolist() == b.hashes.tolist() and len(a) == 1


def test_minhash_estimates_jaccard() -> None:
    rng = np.random.default_rng(7)
    errors = []
    for _ in range(100):
        base = rng.integers(
            0, 2**64 - 1, size=int(rng.integers(100, 3000)), dtype=np.uint64, endpoint=True
        )
        keep = rng.random(len(base)) < rng.random()
        extra = rng.integers(
            0, 2**64 - 1, size=int(rng.integers(0, 2000)), dtype=np.uint64, endpoint=True
        )
        a, b = np.unique(base), np.unique(np.concatenate([base[keep], extra]))
        truth = len(np.intersect1d(a, b)) / len(np.union1d(a, b))
        errors.append(estimate(minhash(a), minhash(b)) - truth)
    assert abs(float(np.mean(errors))) < 0.02 and float(np.std(errors)) < 0.06


def test_shingle_sketch_sees_copies_not_strangers() -> None:
    text = read_text(SEEDS / "000_44149a710ae6c111.txt")[0]
    other = read_text(SEEDS / "002_928bb3c52be0b3dd.txt")[0]
    rng = random.Random(3)
    chars = list(text)
    for _ in range(len(chars) // 50):  # 2 % of characters changed
        chars[rng.randrange(len(chars))] = "某"
    edited = "".join(chars)
    sk = {
        name: minhash(shingle_hashes(key(canonical(t)), 5))
        for name, t in (("a", text), ("edited", edited), ("other", other))
    }
    assert estimate(sk["a"], sk["edited"]) > 0.6
    assert estimate(sk["a"], sk["other"]) < 0.1


def test_hashes_are_the_same_in_every_process() -> None:
    code = (
        "from compare.batch.sketch import token_hashes; "
        "print(token_hashes(['统一思想', '加强领导']).tolist())"
    )
    other = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        env={"PYTHONHASHSEED": "123", "PATH": ""},
    )
    assert other.stdout.strip() == str(token_hashes(["统一思想", "加强领导"]).tolist())
