"""The aligner on large documents (issue 8, failure 6): memory that grows with the
documents, not with their product, and anchors found in order.

The documents are built from real sentences of Shandong's 2026 report
(``fixtures/pairs/``), so the scores see real text at a size no fixture has.
"""

from __future__ import annotations

import re
import tracemalloc
from collections import Counter
from dataclasses import replace

from compare.align import Alignment, align
from compare.matching import tree_of
from compare.model import Document, Section
from compare.scores import DENSE_LIMIT, Scores
from tests.diff_support import FIXTURES, speech

SHANDONG = FIXTURES / "pairs" / "2026_山东省_政府工作报告.txt"


def _big(n_parents: int, kids: int) -> Document:
    """A report-like document of n_parents × kids sections built from real sentences."""
    sentences = [
        x
        for s in speech(SHANDONG).walk()
        for x in re.findall(r"[^。]+。", s.text)
        if 8 < len(x) < 90
    ]
    parents = []
    for p in range(n_parents):
        children = tuple(
            Section(
                id=f"{p + 1}.{c + 1}",
                level=2,
                marker="",
                heading=f"第{p + 1}部分第{c + 1}项"
                + sentences[(p * kids + c) % len(sentences)][:8],
                text=sentences[(p * 7 + c * 3) % len(sentences)]
                + sentences[(p * 11 + c * 5 + 1) % len(sentences)],
                span=(0, 0),
                heading_span=(0, 0),
            )
            for c in range(kids)
        )
        parents.append(
            Section(
                id=str(p + 1),
                level=1,
                marker="",
                heading=f"第{p + 1}部分",
                text=sentences[p % len(sentences)],
                span=(0, 0),
                heading_span=(0, 0),
                children=children,
            )
        )
    return Document(index=0, title="big", span=(0, 0), sections=tuple(parents))


def _edited(a: Document) -> Document:
    """``a`` with its 7th task deleted in every part and its first part's opening reworded."""
    parts = [
        replace(s, children=tuple(c for c in s.children if not c.id.endswith(".7")))
        for s in a.sections
    ]
    parts[0] = replace(parts[0], text=parts[0].text + "会议强调，要抓好落实。")
    return replace(a, sections=tuple(parts))


def _peak(a: Document, b: Document) -> tuple[int, Alignment]:
    tracemalloc.start()
    r = align(a, b, inline=False)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak, r


def test_a_large_document_aligns_in_memory_that_grows_linearly() -> None:
    """Past DENSE_LIMIT pairs nothing n × m is held: twice the sections take about
    twice the memory (a dense matrix would take four times), and the edited copy
    still aligns exactly."""
    small, large = _big(40, 40), _big(80, 40)
    n = sum(1 for _ in small.walk())
    assert n * n > DENSE_LIMIT
    peak_small, _ = _peak(small, _edited(small))
    peak_large, r = _peak(large, _edited(large))
    assert peak_large < 3 * peak_small
    n = sum(1 for _ in large.walk())
    assert peak_large < 8 * n * n  # not even one dense float64 n × n matrix
    assert sorted(r.deleted) == sorted(f"{p}.7" for p in range(1, 81))
    assert r.inserted == ()
    kinds = Counter(m.kind for m in r.matches)
    assert kinds["modified"] == 1 and kinds["identical"] == n - 80 - 1


def _reid(s: Section, sid: str) -> Section:
    kids = tuple(_reid(c, f"{sid}.{k}") for k, c in enumerate(s.children, 1))
    return replace(s, id=sid, children=kids)


def test_sections_repeated_as_often_on_both_sides_anchor_in_order() -> None:
    """A large comparison first pairs the sections that are the same on both sides.
    Content found once on each side was such an anchor; content repeated as often on
    both sides (a report pasted twice into one file) is one too, its copies paired in
    order, as a diff pairs repeated lines: the whole document against itself is all
    identical, each copy with its own."""
    base = _big(20, 30)
    twice = replace(
        base,
        sections=tuple(_reid(s, str(k)) for k, s in enumerate((*base.sections, *base.sections), 1)),
    )
    n = sum(1 for _ in twice.walk())
    assert n * n > DENSE_LIMIT
    tree = tree_of(twice)
    anchors = Scores(tree, tree_of(twice), heading_weight=0.3, text_weight=0.7).same_pairs()
    assert anchors == [(i, i) for i in range(n)]  # every section, each copy with its own
    r = align(twice, twice, inline=False, candidates=0)
    assert {m.kind for m in r.matches} == {"identical"}
    assert all(m.a == m.b for m in r.matches) and len(r.matches) == n
    assert r.similarity == 1.0
