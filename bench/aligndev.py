"""The real development set of the aligner: pairs of real documents annotated by hand.

Each ``bench/aligndev/*.json`` file holds one pair: the two files (paths relative to
the repository root; ``../shared`` is the shared corpora folder beside it), which
speech of each, and for every level-1 and level-2 section of both outlines either
its counterpart(s) on the other side (``links``) or none (``unmatched_a`` /
``unmatched_b``). The judgements were made by reading both texts in full before
anyone looked at the aligner's output; each file's ``how`` says how that pair was
judged, ``annotator`` by whom.

Ids are those ``speechdiff parse`` gave when the pair was annotated; every entry
also records the heading, so that when the parser changes, :func:`load_pairs` finds
each section again by its heading (and says so when it cannot).

Scoring (:func:`score_pairs`): a predicted match counts when at least one of its
sides is an annotated section (level 1 or 2); it is right when it is one of the
annotated links. Recall is over the annotated links.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz

from compare.alignment import Weights
from compare.matching import tree_of
from compare.model import Document, Section
from compare.normalize import normalize
from compare.parse import parse_file
from compare.scores import Scores

ROOT = Path(__file__).resolve().parent.parent
DEV = Path(__file__).resolve().parent / "aligndev"

Link = tuple[str, str]


@dataclass(frozen=True)
class DevPair:
    name: str
    a: Document
    b: Document
    gold: frozenset[Link]
    annotated_a: frozenset[str]  # section ids of a that were judged (levels 1-2)
    annotated_b: frozenset[str]
    lost: int  # annotated entries whose section the parser no longer gives


def _letters(text: str) -> str:
    """Letters of a heading only: no marker digits, line numbers, spaces or punctuation."""
    return "".join(ch for ch in normalize(text) if ch.isalpha()).lower()


def _likeness(annotated: str, s: Section) -> float:
    want = _letters(annotated)
    have = _letters(f"{s.marker}{s.heading}")
    if not want or not have:
        return 0.0
    if want == have or want == _letters(s.heading):
        return 100.0
    n = min(len(want), len(have), 40)
    return float(fuzz.ratio(want[:n], have[:n]))


def _resolve(doc: Document, sid: str, heading: str) -> str | None:
    """The id of the section annotated as ``sid`` with ``heading`` in today's outline.

    Annotators wrote headings with or without the marker (bills: the provision's
    number and first words, line numbers dropped), so headings are compared on their
    letters, over the first 40 of them.
    """
    if not heading:
        return sid
    try:
        if _likeness(heading, doc.section(sid)) >= 80:
            return sid
    except KeyError:
        pass
    scored = sorted(((_likeness(heading, s), s.id) for s in doc.walk()), reverse=True)
    if scored and scored[0][0] >= 85 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
        return scored[0][1]
    return None


def _levels(doc: Document, top: int = 2) -> set[str]:
    out: set[str] = set()

    def visit(secs: Iterable[Section], d: int) -> None:
        for s in secs:
            if d <= top:
                out.add(s.id)
                visit(s.children, d + 1)

    visit(doc.sections, 1)
    return out


def load_pairs(names: Iterable[str] | None = None) -> list[DevPair]:
    files = sorted(DEV.glob("*.json"))
    if names is not None:
        wanted = set(names)
        files = [f for f in files if f.stem in wanted]
    out = []
    for f in files:
        data = json.loads(f.read_text(encoding="utf-8"))
        a = parse_file(ROOT / data["a"]).documents[data.get("doc_a", 0)]
        b = parse_file(ROOT / data["b"]).documents[data.get("doc_b", 0)]
        lost = 0
        gold: set[Link] = set()
        for link in data["links"]:
            ia = _resolve(a, link["a"], link.get("a_heading", ""))
            ib = _resolve(b, link["b"], link.get("b_heading", ""))
            if ia is None or ib is None:
                lost += 1
                continue
            gold.add((ia, ib))
        judged_a = {x for x, _ in gold}
        judged_b = {y for _, y in gold}
        for doc, key, judged in ((a, "unmatched_a", judged_a), (b, "unmatched_b", judged_b)):
            for entry in data.get(key, []):
                found = _resolve(doc, entry["id"], entry.get("heading", ""))
                if found is None:
                    lost += 1
                else:
                    judged.add(found)
        # What the annotation covers: the judged sections at levels 1-2 of today's outline.
        ann_a = frozenset(judged_a & _levels(a))
        ann_b = frozenset(judged_b & _levels(b))
        out.append(DevPair(f.stem, a, b, frozenset(gold), ann_a, ann_b, lost))
    return out


def annotated_content(pair: DevPair) -> tuple[list[str], list[str], npt.NDArray[np.float64]]:
    """The annotated sections of each side (sorted ids) and the aligner's content score
    (``compare.scores``, default weights) of every one of A against every one of B."""
    ta, tb = tree_of(pair.a), tree_of(pair.b)
    ia = {s: k for k, s in enumerate(ta.ids)}
    ib = {s: k for k, s in enumerate(tb.ids)}
    xs, ys = sorted(pair.annotated_a), sorted(pair.annotated_b)
    w = Weights()
    scores = Scores(ta, tb, heading_weight=w.heading, text_weight=w.text)
    return xs, ys, scores.block([ia[x] for x in xs], [ib[y] for y in ys]).content


def score_pairs(pair: DevPair, predicted: Iterable[Link]) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) of ``predicted`` on ``pair``.

    A predicted link is judged when it touches a judged section, or when the reader
    gave it (a few links between deeper sections, in the bills): otherwise no one
    said whether it is right."""
    pred = {
        (x, y)
        for x, y in predicted
        if x in pair.annotated_a or y in pair.annotated_b or (x, y) in pair.gold
    }
    tp = len(pred & pair.gold)
    return tp, len(pred) - tp, len(pair.gold - pred)


if __name__ == "__main__":  # a summary of the set
    for p in load_pairs(sys.argv[1:] or None):
        print(
            f"{p.name:28} links {len(p.gold):3}  judged a {len(p.annotated_a):3} "
            f"b {len(p.annotated_b):3}  lost {p.lost}"
        )
