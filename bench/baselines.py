"""Naive baselines that ``bench/batch.py`` runs beside ``speechdiff batch``, and the scoring.

Each baseline is what a reasonable person would try first, with a fixed threshold
chosen once (on the development corpora) and never tuned per corpus; the bench
also prints each baseline's best F1 over the thresholds of ``SWEEP``, an upper
bound no threshold chosen in advance would reach:

- :func:`heading_families`: every speech's sequence of headings (all levels, in
  order, joined), compared pairwise by normalised Indel similarity (rapidfuzz);
  pairs at ``HEADING_T`` or above are joined, families are connected components.
- :func:`tfidf_families`: TF-IDF vectors of lower-cased words, cosine similarity,
  pairs at ``TFIDF_T`` or above joined, connected components.
- :func:`containment_links`: the share of a document's word 3-grams found in
  another; a link when it reaches ``CONTAIN_T`` (either way).

Family scores are pairwise co-membership precision, recall and F1: a pair of
documents is positive when both are in one family; a document in no family stands
alone (it makes no pair).
"""

from __future__ import annotations

import collections
import math
import re
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import Indel
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

HEADING_T = 0.5
TFIDF_T = 0.3
CONTAIN_T = 0.2
SWEEP = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
_WORD = re.compile(r"[A-Za-z0-9]+")

Label = Hashable | None


def components(n: int, edges: Iterable[tuple[int, int]]) -> list[int | None]:
    """Connected-component label per node; None for nodes without an edge."""
    pairs = list(edges)
    if not pairs:
        return [None] * n
    a, b = zip(*pairs, strict=True)
    g = csr_matrix((np.ones(len(a)), (np.array(a), np.array(b))), shape=(n, n))
    _, labels = connected_components(g, directed=False)
    linked = np.zeros(n, dtype=bool)
    linked[list(a)] = True
    linked[list(b)] = True
    return [int(labels[i]) if linked[i] else None for i in range(n)]


def heading_matrix(headings: Sequence[Sequence[str]]) -> npt.NDArray[np.float32]:
    """Pairwise similarity of each speech's heading sequence (all levels, joined)."""
    seqs = ["|".join(h) for h in headings]
    sims = process.cdist(
        seqs, seqs, scorer=Indel.normalized_similarity, workers=-1, dtype=np.float32
    )
    np.fill_diagonal(sims, 0.0)
    empty = np.array([not s for s in seqs], dtype=bool)
    sims[empty, :] = 0.0
    sims[:, empty] = 0.0
    return np.asarray(sims)


def threshold_families(sims: npt.NDArray[Any], threshold: float) -> list[int | None]:
    """Connected components of the pairs whose similarity reaches ``threshold``."""
    a, b = np.nonzero(np.triu(sims >= threshold, k=1))
    return components(len(sims), zip(a.tolist(), b.tolist(), strict=True))


def heading_families(
    headings: Sequence[Sequence[str]], threshold: float = HEADING_T
) -> list[int | None]:
    """Families by the similarity of each speech's heading sequence (see module notes)."""
    return threshold_families(heading_matrix(headings), threshold)


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def tfidf_matrix(texts: Sequence[str]) -> npt.NDArray[np.float64]:
    """Pairwise TF-IDF cosine similarity of the texts' words."""
    docs = [collections.Counter(words(t)) for t in texts]
    vocab: dict[str, int] = {}
    df: collections.Counter[str] = collections.Counter()
    for d in docs:
        df.update(d.keys())
    rows, cols, vals = [], [], []
    n = len(docs)
    for i, d in enumerate(docs):
        for w, c in d.items():
            j = vocab.setdefault(w, len(vocab))
            rows.append(i)
            cols.append(j)
            vals.append((1 + math.log(c)) * (math.log((1 + n) / (1 + df[w])) + 1))
    m = csr_matrix((vals, (rows, cols)), shape=(n, len(vocab)))
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    sims = (m @ m.T).toarray() / np.outer(norms, norms)
    np.fill_diagonal(sims, 0.0)
    return np.asarray(sims)


def tfidf_families(texts: Sequence[str], threshold: float = TFIDF_T) -> list[int | None]:
    """Families by TF-IDF cosine similarity of the texts' words (see module notes)."""
    return threshold_families(tfidf_matrix(texts), threshold)


def best_of_sweep(
    sims: npt.NDArray[np.floating[Any]], keys: Sequence[str], truth: Mapping[str, Label]
) -> tuple[float, float]:
    """(best F1, its threshold) of ``threshold_families`` over ``SWEEP``."""
    best = (0.0, SWEEP[0])
    for t in SWEEP:
        labels = threshold_families(sims, t)
        pred = {k: (None if x is None else str(x)) for k, x in zip(keys, labels, strict=True)}
        f1 = family_scores(pred, truth)["f1"]
        if f1 > best[0]:
            best = (f1, t)
    return best


def grams(text: str, n: int = 3) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i : i + n]) for i in range(len(w) - n + 1)}


def containment_links(texts: Sequence[str], threshold: float = CONTAIN_T) -> set[frozenset[int]]:
    """Pairs where one document's word 3-grams are found in the other at ``threshold``."""
    g = [grams(t) for t in texts]
    out: set[frozenset[int]] = set()
    for i, gi in enumerate(g):
        for j, gj in enumerate(g):
            if i != j and gi and len(gi & gj) / len(gi) >= threshold:
                out.add(frozenset((i, j)))
    return out


def _pairs(labels: Mapping[str, Label]) -> int:
    sizes = collections.Counter(v for v in labels.values() if v is not None)
    return sum(k * (k - 1) // 2 for k in sizes.values())


def family_scores(pred: Mapping[str, Label], truth: Mapping[str, Label]) -> dict[str, float]:
    """Pairwise co-membership precision, recall and F1 over the documents of ``truth``."""
    names = [n for n in truth if n in pred]
    both = collections.Counter(
        (pred[n], truth[n]) for n in names if pred[n] is not None and truth[n] is not None
    )
    tp = sum(k * (k - 1) // 2 for k in both.values())
    p_pairs = _pairs({n: pred[n] for n in names})
    t_pairs = _pairs({n: truth[n] for n in names})
    precision = tp / p_pairs if p_pairs else 1.0
    recall = tp / t_pairs if t_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "pairs": p_pairs, "true": t_pairs}
