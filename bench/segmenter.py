"""Would a Chinese word segmenter help the aligner find counterparts? Measured on the dev set.

Usage: pip install rjieba; python bench/segmenter.py

Issue 8 allowed a segmenter (jieba / rjieba) only if it measurably helps. For every
Chinese pair of ``bench/aligndev/`` every annotated section of A (levels 1 and 2) is
scored against every annotated section of B three ways:

- ``content``: the aligner's own content score (``compare.scores``, rare-weighted
  character bigrams of headings, own texts and subtrees);
- ``bigrams``: a plain TF-IDF cosine of the sections' whole texts in character
  bigrams (the baseline of the two below);
- ``words``: the same cosine over rjieba words of two characters or more.

Printed: how often a section's best-scoring counterpart is one a reader linked it
to (row-best precision), and the mean over pairs of the AUC of the reader's links
against every other annotated pair. The segmenter would earn its place if ``words``
beat ``bigrams`` clearly; the aligner's score is shown for scale.
"""

from __future__ import annotations

import collections
import math
import re
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aligndev import annotated_content, load_pairs

from compare.model import Section
from compare.normalize import normalize

_CJK = re.compile(r"[\u4e00-\u9fff]")


def _bigrams(text: str) -> list[str]:
    t = "".join(ch for ch in normalize(text) if _CJK.match(ch))
    return [t[i : i + 2] for i in range(len(t) - 1)]


def _cosines(
    xs: list[Section], ys: list[Section], every: list[Section], tok: Callable[[str], list[str]]
) -> np.ndarray:
    df: collections.Counter[str] = collections.Counter()
    for s in every:
        df.update(set(tok(f"{s.heading} {s.text}")))
    n = len(every)

    def vec(s: Section) -> dict[str, float]:
        c = collections.Counter(tok(s.full_text))
        return {t: (1 + math.log(k)) * math.log((n + 1) / df.get(t, 1)) for t, k in c.items()}

    va, vb = [vec(s) for s in xs], [vec(s) for s in ys]
    out = np.zeros((len(xs), len(ys)))
    for i, a in enumerate(va):
        na = math.sqrt(sum(v * v for v in a.values())) or 1.0
        for j, b in enumerate(vb):
            nb = math.sqrt(sum(v * v for v in b.values())) or 1.0
            out[i, j] = sum(v * b.get(t, 0.0) for t, v in a.items()) / na / nb
    return out


def _auc(pos: np.ndarray, neg: np.ndarray) -> float | None:
    if not len(pos) or not len(neg):
        return None
    neg = np.sort(neg)
    lo, hi = np.searchsorted(neg, pos, "left"), np.searchsorted(neg, pos, "right")
    return float((lo + 0.5 * (hi - lo)).sum() / len(pos) / len(neg))


def main() -> int:
    try:
        import rjieba
    except ImportError:
        print("bench/segmenter.py needs rjieba: pip install rjieba", file=sys.stderr)
        return 2

    def words(text: str) -> list[str]:
        return [w for w in rjieba.cut(normalize(text)) if len(w) >= 2 and _CJK.search(w)]

    best: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    aucs: dict[str, list[float]] = collections.defaultdict(list)
    for p in load_pairs(None):
        if p.name.startswith("bills"):
            continue
        xs, ys, content = annotated_content(p)
        every_a = [t for s in p.a.sections for t in s.walk()]
        every_b = [t for s in p.b.sections for t in s.walk()]
        by_a, by_b = {s.id: s for s in every_a}, {s.id: s for s in every_b}
        sa, sb = [by_a[x] for x in xs], [by_b[y] for y in ys]
        every = every_a + every_b
        matrices = {
            "content": content,
            "bigrams": _cosines(sa, sb, every, _bigrams),
            "words": _cosines(sa, sb, every, words),
        }
        gold = np.zeros((len(xs), len(ys)), bool)
        for x, y in p.gold:
            if x in xs and y in ys:
                gold[xs.index(x), ys.index(y)] = True
        for name, m in matrices.items():
            a = _auc(m[gold], m[~gold])
            if a is not None:
                aucs[name].append(a)
            for i in range(len(xs)):
                j = int(np.argmax(m[i]))
                if m[i, j] > 0:
                    best[name][1] += 1
                    best[name][0] += int(gold[i, j])
    print("Chinese dev pairs: is a section's best-scoring counterpart one a reader linked?")
    for name in ("content", "bigrams", "words"):
        hit, total = best[name]
        print(
            f"  {name:8} row-best precision {hit}/{total} = {hit / total:.3f}, "
            f"mean AUC {np.mean(aucs[name]):.3f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
