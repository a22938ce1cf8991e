"""Seed-and-extend passages (words, characters), PDF furniture, workers that inherit modules."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from batch_support import ROOT, SEEDS, batch, copy_fixtures

from compare.batch import localalign
from compare.batch.canon import canonical
from compare.batch.grouping import TEMPLATE_THRESHOLD
from compare.batch.localalign import align_texts, min_tokens
from compare.batch.passages import (
    Passage,
    _evidence,
    candidate_pairs,
    default_stock_min,
    seed_table,
    speech_tokens,
    text_scores,
)
from compare.batch.tokens import tokenize
from compare.parse import parse_text
from compare.textio import read_text

SOURCE = (
    "Dynamic programming is a method for solving complex problems by breaking them "
    "down into simpler subproblems. It is applicable to problems exhibiting the "
    "properties of overlapping subproblems and optimal substructure. When applicable, "
    "the method takes far less time than naive methods that do not take advantage of "
    "the subproblem overlap. The idea behind dynamic programming is quite simple: to "
    "solve a given problem we solve different parts of the problem and combine them."
)
OTHER = (
    "Inheritance lets a class reuse the fields and methods of another class. A derived "
    "class extends its base class and may override some of its methods, so that code "
    "written for the base class keeps working with the derived one without changes."
)


def _tokens(text: str, offset: int = 0):  # type: ignore[no-untyped-def]
    return tokenize(canonical(text), offset)


def test_tokens_are_words_for_latin_and_characters_for_chinese() -> None:
    t = _tokens("The SHALL shall, 2025年工作回顾")
    assert len(t) == 9
    codes = t.codes.tolist()
    assert codes[1] == codes[2]  # case folded
    pieces = ["The SHALL shall, 2025年工作回顾"[s:e] for s, e in zip(t.starts, t.ends, strict=True)]
    assert pieces == ["The", "SHALL", "shall", "2025", "年", "工", "作", "回", "顾"]
    assert _tokens("完整准确全面贯彻新发展理念").latin is False
    folded = _tokens("naïve NAIVE naive Rôle role Straße strasse").codes.tolist()
    assert folded[0] == folded[1] == folded[2] and folded[3] == folded[4]
    assert folded[5] != folded[6]  # ß is a letter of its own, not an accent


def test_a_copied_passage_is_found_verbatim_across_line_breaks() -> None:
    wrapped = "Preface of my own words here.\n" + SOURCE.replace(" breaking", "\nbreaking")
    found = align_texts(_tokens(SOURCE), _tokens(wrapped))
    assert len(found) == 1
    m = found[0]
    assert m.similarity == 1.0
    assert SOURCE[m.a_span[0] : m.a_span[1]].startswith("Dynamic programming")
    assert wrapped[m.b_span[0] : m.b_span[1]].endswith("combine them")


def test_revision_lowers_the_similarity_and_strangers_share_nothing() -> None:
    light = SOURCE.replace("complex", "hard").replace("far less time", "much less time")
    heavy = (
        "Dynamic programming solves complex problems by breaking them into simpler "
        "subproblems; it suits problems whose subproblems overlap and that have optimal "
        "substructure, and then it takes far less time than a naive method. The idea is "
        "simple: we solve different parts of the problem and combine them."
    )
    a = _tokens(SOURCE)
    light_sim = max(m.similarity for m in align_texts(a, _tokens(light)))
    heavy_sim = max(m.similarity for m in align_texts(a, _tokens(heavy)))
    assert 0.8 < light_sim < 1.0
    assert 0.5 <= heavy_sim < light_sim
    assert align_texts(a, _tokens(OTHER)) == []


def test_chinese_passages_are_aligned_on_characters() -> None:
    a = "过去一年，我们坚持稳中求进工作总基调，全力以赴稳增长、促改革、调结构、惠民生、防风险。"
    b = (
        "一年来，全市上下坚持稳中求进工作总基调，"
        "全力以赴稳增长、促改革、调结构、惠民生、防风险、保稳定。"
    )
    found = align_texts(_tokens(a), _tokens(b))
    assert found and found[0].similarity > 0.85
    assert "稳中求进" in a[found[0].a_span[0] : found[0].a_span[1]]


def test_rare_shared_seeds_make_a_candidate_and_chance_does_not() -> None:
    docs = [SOURCE, SOURCE.replace("complex", "hard"), OTHER]
    docs += [f"Unrelated text number {k} about gardening and weather." for k in range(30)]
    seeds = [seed_table(_tokens(d)) for d in docs]
    found = candidate_pairs(seeds, stock_min=default_stock_min(len(docs)))
    assert (0, 1) in found
    assert not any(2 in pair for pair in found)


def _summed(codes: list[np.ndarray], weight: np.ndarray, need: float) -> dict[int, float]:
    """_evidence the obvious way: a dict of sums, occurrences in group order."""
    total: dict[int, float] = {}
    for g, cs in enumerate(codes):
        for c in cs.tolist():
            total[c] = total.get(c, 0.0) + float(weight[g])
    return {c: v for c, v in sorted(total.items()) if v >= need}


def test_seed_evidence_sums_every_occurrence_of_a_pair_once_per_group() -> None:
    rng = np.random.default_rng(3)
    codes = [rng.integers(0, 60, size=n).astype(np.int64) for n in (40, 25, 30, 5, 12)]
    weight = np.log1p(500 / np.array([2.0, 3.0, 5.0, 9.0, 40.0]))
    for need in (0.5, 9.0, 17.0, 40.0):
        want = _summed(codes, weight, need)
        for n_docs in (500, 1 << 40):  # a packed sort; too many speeches to pack
            found, sums = _evidence(codes, weight, n_docs, need)
            assert dict(zip(found.tolist(), sums.tolist(), strict=True)) == want, (need, n_docs)
    assert _evidence([np.zeros(0, dtype=np.int64)], weight[:1], 500, 1.0)[0].size == 0
    # No seed shared by two speeches: no candidate, whatever the corpus size.
    lone = [np.array([k], dtype=np.uint32) for k in range(5)]
    assert candidate_pairs(lone, stock_min=3) == {}
    assert candidate_pairs([np.zeros(0, dtype=np.uint32)] * 3, stock_min=3) == {}


def test_text_score_reads_shared_text_over_both_documents() -> None:
    full = Passage(0, (0, 10), 1, (0, 10), 1.0, 10, 100, (0, 100), (0, 100))
    quote = Passage(0, (0, 10), 2, (0, 10), 1.0, 10, 5, (0, 5), (0, 5))
    scores = text_scores([full, quote], [100, 100, 100])
    assert scores[0, 1] == 1.0
    assert scores[0, 2] < TEMPLATE_THRESHOLD  # quoting a paragraph makes no family


def test_speech_tokens_leave_headings_out() -> None:
    text = read_text(SEEDS / "001_201c1d1fe805fb54.txt")[0]
    doc = parse_text(text).documents[0]
    lo, hi = doc.span
    skip = [s.heading_span for s in doc.walk()]
    tokens = speech_tokens(canonical(text[lo:hi]), lo, skip)
    heads = {(a, b) for a, b in skip}
    inside = [any(a <= s < b for a, b in heads) for s in tokens.starts.tolist()]
    assert not any(inside) and len(tokens) > 1000


def test_pdf_line_numbers_and_page_furniture_are_removed_and_reported() -> None:
    body = [
        "Be it enacted by the Legislature of the State of Arizona:",
        "Section 1.  Title 23, chapter 2, is amended by adding article 8.1, to read:",
        '"Employee" means any person who is or was employed by an',
        "employer but does not include any person who is employed by a parent",
        "or a sibling or who is employed performing babysitting services in the",
        "employer's home on a casual basis, and the term includes the following",
        "persons who work for the employer for at least eighty hours in a year",
        "within the state, whether full time, part time or temporary, and the",
        "employer shall keep a record of the hours each of them works in a year",
        "and shall provide the record to the commission on request, as the",
        "commission may by rule require, with the time of each entry noted.",
    ]
    lines = []
    for page in range(2):
        lines += ["HB 2505", f"Page {page + 1} of 2"]
        lines += [f"{line} {k + 1}" for k, line in enumerate(body)]
    text = "\n".join(lines) + "\n"
    parsed = parse_text(text)
    reasons = {r.reason for r in parsed.removed}
    assert {"line number", "page furniture"} <= reasons
    numbers = [r for r in parsed.removed if r.reason == "line number"]
    assert len(numbers) == 2 * len(body)
    assert all(text[r.span[0] : r.span[1]].isdigit() for r in numbers)
    kept = " ".join(
        d.title + " " + " ".join(s.heading + s.text for s in d.walk()) for d in parsed.documents
    )
    assert "HB 2505" not in kept and "casual basis, and" in kept


def test_chinese_compilation_titles_are_not_running_headers() -> None:
    text = read_text(SEEDS / "003_5c63eede7426c25a.txt")[0]
    parsed = parse_text(text)
    assert not any(r.reason == "page header" for r in parsed.removed)
    assert len(parsed.documents) >= 15


def test_workers_inherit_the_heavy_modules_imported_before_they_fork() -> None:
    code = (
        "import sys\n"
        "from compare.batch import pipeline\n"
        "from compare.batch.engines import LocalEngine\n"
        "HEAVY = ('compare.align', 'scipy.sparse', 'lap', 'rapidfuzz.process')\n"
        "def loaded():\n"
        "    return all(m in sys.modules for m in HEAVY)\n"
        "pipeline.preload()\n"
        "before = loaded()\n"
        "engine = LocalEngine(workers=2)\n"
        "print(before, engine.run(loaded, [(), ()]))\n"
        "engine.close()\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == "True [True, True]"


def test_a_lone_sentence_is_a_passage_only_when_the_texts_share_more(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Clough & Stevenson task 0: answer 092 (written apart) and answer 084 (revised
    from the source) each share one short, nearly verbatim sentence with the source;
    084 also shares short runs around it (15 % of its 3-grams, 092: 8 %)."""
    clough = ROOT / "fixtures" / "clough"
    source, light, apart = (
        _tokens((clough / f"task0_{name}.txt").read_text(encoding="utf-8"))
        for name in ("source", "answer084", "answer092")
    )
    kept = align_texts(source, light)
    assert len(kept) == 1 and kept[0].a[1] - kept[0].a[0] < 2 * min_tokens(True)
    assert align_texts(source, apart) == []
    monkeypatch.setattr(localalign, "LONE_CONTEXT", 0.0)
    (lone,) = align_texts(source, apart)
    assert lone.similarity >= 0.85  # what the rule, not the similarity, threw out


def test_texts_on_one_subject_written_apart_make_no_family_in_a_small_corpus(
    tmp_path: Path,
) -> None:
    """Three texts: the task 0 source and two answers written apart from it (092,
    052). Their shared rare phrasing was measured over the few seeds each shares
    with anyone, which in a corpus this small made 092 and the source one
    template family (cosine 0.86) with no passage between them."""
    corpus = copy_fixtures(
        tmp_path / "in",
        "clough/task0_source.txt",
        "clough/task0_answer092.txt",
        "clough/task0_answer052.txt",
    )
    run = batch(corpus, out=tmp_path / "out")
    assert run.code == 0, run.stderr
    assert len(run.report["documents"]) == 3
    assert run.report["reused_passages"] == []
    assert run.report["families"] == []
