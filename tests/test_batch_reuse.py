"""Near-duplicates, reused passages and stock phrases."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from batch_support import GWR, SEEDS, Run, batch

from compare.batch.canon import canonical, key
from compare.textio import read_text

SEED_003 = "003_5c63eede7426c25a.txt"
SEED_001 = SEEDS / "001_201c1d1fe805fb54.txt"


def _edited_copy(text: str) -> str:
    """A lightly edited copy: new title, a sentence dropped, a place renamed, widths changed."""
    lines = text.split("\n")
    lines[0] = "在全县“履职担当促发展”活动推进会上的讲话"
    body = "\n".join(lines)
    body = body.replace("全市", "全县").replace("，", ",", 20)
    sentences = body.split("。")
    del sentences[len(sentences) // 2]
    return "。".join(sentences)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    root = tmp_path_factory.mktemp("reuse")
    corpus = root / "corpus"
    corpus.mkdir()
    for src in [*SEEDS.glob("*.txt"), *GWR.glob("*.txt")]:
        (corpus / src.name).write_bytes(src.read_bytes())
    copy = _edited_copy(SEED_001.read_text(encoding="utf-8"))
    (corpus / "copy_of_001.txt").write_bytes(copy.encode("gb18030"))
    result = batch(corpus, out=root / "out", extra=("--stock-min-docs", "5"))
    assert result.code == 0, result.stderr
    return result


def _pairs(run: Run) -> dict[frozenset[str], float]:
    return {frozenset((n["a"], n["b"])): n["similarity"] for n in run.report["near_duplicates"]}


def test_duplicated_speech_in_the_compilation_is_a_near_duplicate(run: Run) -> None:
    pair = frozenset((run.doc(SEED_003, 2)["id"], run.doc(SEED_003, 8)["id"]))
    assert _pairs(run)[pair] >= 0.99


def test_edited_copy_in_another_encoding_is_found_with_its_similarity(run: Run) -> None:
    pair = frozenset((run.doc("001_201c1d1fe805fb54.txt")["id"], run.doc("copy_of_001.txt")["id"]))
    assert 0.8 < _pairs(run)[pair] < 1.0


def test_speeches_that_only_share_a_skeleton_are_not_near_duplicates(run: Run) -> None:
    near = _pairs(run)
    mob = [run.doc("000_44149a710ae6c111.txt")["id"], run.doc("001_201c1d1fe805fb54.txt")["id"]]
    gwr = [
        run.doc("2026_北京市_政府工作报告.txt")["id"],
        run.doc("2026_浙江省_政府工作报告.txt")["id"],
    ]
    assert frozenset(mob) not in near and frozenset(gwr) not in near
    assert len(near) == 3  # 003 #2/#8, 003 #13/#15, 001 and its copy


def _words(text: str) -> str:
    return re.sub(r"[^0-9a-z\u3400-\u9fff]", "", key(canonical(text)).lower())


def _text(source: str) -> str:
    return read_text(source)[0]


def test_passage_spans_hold_the_same_words_in_both_files(run: Run) -> None:
    docs = {d["id"]: d for d in run.report["documents"]}
    passages = run.report["reused_passages"]
    assert passages
    for p in passages:
        a = _text(docs[p["a"]]["source"])[slice(*p["a_span"])]
        b = _text(docs[p["b"]]["source"])[slice(*p["b_span"])]
        assert p["a"] != p["b"]
        # Each span lies within its speech.
        for side, span in (("a", p["a_span"]), ("b", p["b_span"])):
            lo, hi = docs[p[side]]["span"]
            assert lo <= span[0] < span[1] <= hi
        if p["similarity"] == 1.0:  # the same words, whatever the punctuation and widths
            assert _words(a) == _words(b)
        else:
            assert 0.0 < p["similarity"] < 1.0 and _words(a) != _words(b)


def test_copied_speech_shares_its_paragraphs(run: Run) -> None:
    a, b = run.doc("001_201c1d1fe805fb54.txt")["id"], run.doc("copy_of_001.txt")["id"]
    shared = [p for p in run.report["reused_passages"] if {p["a"], p["b"]} == {a, b}]
    assert sum(p["chars"] for p in shared) > 3000


def test_stock_phrases_are_reported_once_and_not_as_reuse(run: Run) -> None:
    stock = {s["text"].strip("，,。；;：:") for s in run.report["stock_phrases"]}
    assert "完整准确全面贯彻新发展理念" in stock
    entry = next(
        s for s in run.report["stock_phrases"] if s["text"] == "完整准确全面贯彻新发展理念"
    )
    assert entry["documents"] >= 5
    # No passage is made of a stock phrase alone.
    docs = {d["id"]: d for d in run.report["documents"]}
    for p in run.report["reused_passages"]:
        text = _text(docs[p["a"]]["source"])[slice(*p["a_span"])]
        assert re.sub(r"[，,。；;：:\s]", "", text) not in {
            re.sub(r"[，,。；;：:\s]", "", s) for s in stock
        }


def test_reports_share_passages_but_are_not_copies(run: Run) -> None:
    gwr = {d["id"] for d in run.report["documents"] if d["source"].endswith("政府工作报告.txt")}
    between = [p for p in run.report["reused_passages"] if p["a"] in gwr and p["b"] in gwr]
    assert between, "government work reports share sentences beyond stock phrases"
    assert all(p["chars"] >= 20 for p in between)


def test_no_near_duplicate_pairs_across_unrelated_files(tmp_path: Path) -> None:
    result = batch(
        SEEDS / "000_44149a710ae6c111.txt",
        SEEDS / "002_928bb3c52be0b3dd.txt",
        SEEDS / "004_46d38a89680b0df1.txt",
        out=tmp_path / "out",
    )
    assert result.code == 0
    assert result.report["near_duplicates"] == []
