"""The family stage: candidate pairs, their scores, families at two levels, templates.

::

    candidates (rare heading bigrams, role buckets, near copies, shared passages;
                every pair when the corpus is small)
      → pair scores (engine, cached)  → uncertain pairs aligned (engine, cached)
      → template families (anchored) → outline families over them (anchored)
      → templates with slots at both levels

Every task handed to the engine is a pure function of its arguments, and every
merge sorts, so the families do not depend on the engine or the workers.
"""

from __future__ import annotations

import itertools
import pickle
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .candidates import Pair, idf_neighbours, merge_pairs, role_pairs
from .families import Family, build_families, consolidate, family_graph, with_copies
from .hierarchy import outline_families
from .records import DocRecord
from .signatures import Signature
from .template import Template, build_template
from .verify import AlignStats, Verifier, align_pairs, aligner, choose_for_alignment, verify_pairs

__all__ = [
    "ALL_PAIRS_MAX",
    "OUTLINE_THRESHOLD",
    "TEMPLATE_THRESHOLD",
    "FamilyResult",
    "Tasks",
    "group",
]

TEMPLATE_THRESHOLD = 0.6  # template score two speeches need to share a template
OUTLINE_THRESHOLD = 0.68  # outline score two speeches (or units) need to share a plan
ALL_PAIRS_MAX = 250  # corpora up to this many speeches compare every pair
TEXT_MIN = 0.05  # text score that makes a candidate pair
IDF_MAX_DF = 300  # heading bigrams in more speeches say nothing about a pair
CHUNK = 512
SCORE_CHUNK = 2048  # pairs per scoring task (each task ships the signatures it needs)

# run(name, fn, parts, keys, build) -> results per part (cached, through the engine)
Tasks = Callable[
    [str, Any, Sequence[list[Pair]], Sequence[str], Callable[[list[Pair]], tuple[Any, ...]]],
    list[Any],
]


@dataclass(frozen=True, slots=True)
class FamilyResult:
    """One family of the report: its level, members, template and place in the hierarchy."""

    id: str
    family: Family
    template: Template
    level: str = "template"  # "outline" or "template"
    parent: str | None = None  # outline family of a template family
    subfamilies: tuple[str, ...] = ()  # template families of an outline family


def _split(pairs: Sequence[Pair], size: int = CHUNK) -> list[list[Pair]]:
    return [list(pairs[lo : lo + size]) for lo in range(0, len(pairs), size)]


def local_order(pairs: Sequence[Pair]) -> list[Pair]:
    """``pairs`` reordered so that consecutive pairs share their speeches.

    A task ships the records of every speech its pairs name, from the main
    process, one task after another; in sorted order a chunk's second speeches
    are scattered over the corpus. Numbering the speeches by reverse
    Cuthill-McKee over the pairs' graph (scipy) puts neighbours near each other,
    and the pairs sorted by those numbers name about a third fewer speeches per
    chunk (half, with chunks of ``SCORE_CHUNK``). Deterministic; callers sort the
    results back.
    """
    if len(pairs) <= SCORE_CHUNK:
        return list(pairs)
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import reverse_cuthill_mckee

    edges = np.asarray(pairs, dtype=np.int64)
    n = int(edges.max()) + 1
    graph = csr_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n, n))
    perm = reverse_cuthill_mckee((graph + graph.T).tocsr(), symmetric_mode=True)
    pos = np.empty(n, dtype=np.int64)
    pos[perm] = np.arange(n)
    a, b = pos[edges[:, 0]], pos[edges[:, 1]]
    order = np.lexsort((np.maximum(a, b), np.minimum(a, b)))
    return [pairs[k] for k in order.tolist()]


class _ScoreTask:
    """Picklable :func:`~compare.batch.verify.verify_pairs`."""

    def __call__(
        self, pairs: list[Pair], sigs: dict[int, Signature]
    ) -> list[tuple[int, int, float, float]]:
        return verify_pairs(pairs, sigs)


class _AlignTask:
    """Picklable :func:`~compare.batch.verify.align_pairs`."""

    def __call__(
        self, pairs: list[Pair], blobs: dict[int, bytes]
    ) -> tuple[list[tuple[int, int, float]], AlignStats]:
        return align_pairs(pairs, blobs)


def _candidates(
    records: Sequence[DocRecord],
    near: Sequence[tuple[int, int, float]],
    text: dict[Pair, float],
    top_k: int,
    threads: int,
) -> tuple[list[Pair], dict[str, int]]:
    sigs = [r.signature for r in records]
    eligible = [i for i, s in enumerate(sigs) if s.eligible]
    linked = [p for p, s in text.items() if s >= TEXT_MIN] + [(i, j) for i, j, _ in near]
    if len(records) <= ALL_PAIRS_MAX:
        every = list(itertools.combinations(eligible, 2))
        return merge_pairs(every, linked), {"all_pairs": len(every)}
    idf = idf_neighbours(
        [s.grams for s in sigs], eligible, k=top_k, max_df=IDF_MAX_DF, threads=threads
    )
    roles = role_pairs([s.role_key if s.eligible else "" for s in sigs], window=top_k)
    pairs = merge_pairs(idf, roles, linked)
    return pairs, {"idf": len(idf), "role": len(roles), "linked": len(linked)}


def group(
    records: Sequence[DocRecord],
    idents: Sequence[tuple[str, int]],
    near: Sequence[tuple[int, int, float]],
    text: dict[Pair, float],
    *,
    template_threshold: float,
    outline_threshold: float,
    top_k: int,
    run: Tasks,
    busy: Callable[[str], None] | None = None,
    threads: int = 1,
) -> tuple[list[FamilyResult], dict[str, Any]]:
    """Families of the speeches ``records`` (``idents``: a stable name per speech, for keys).

    ``busy(label)`` is told when a step runs in this process with no task to count
    (``busy("")`` when it is over), so that progress can show its elapsed time.
    ``threads``: threads for this process's own sparse products (the candidate
    index); the result does not depend on it.
    """
    say = busy or (lambda _label: None)
    sigs = {i: r.signature for i, r in enumerate(records)}
    pairs, stats = _candidates(records, near, text, top_k, threads)
    info: dict[str, Any] = {"candidates": len(pairs), **stats}
    if not pairs:
        return [], info
    parts = _split(local_order(pairs), SCORE_CHUNK)

    def key(name: str, part: list[Pair], *extra: object) -> str:
        from .resume import task_key

        return task_key(name, [(idents[i], idents[j]) for i, j in part], *extra)

    keys = [key("scores", p) for p in parts]

    def build_scores(part: list[Pair]) -> tuple[Any, ...]:
        ids = {i for p in part for i in p}
        return part, {i: sigs[i] for i in ids}

    scored = sorted(
        e for chunk in run("skeletons", _ScoreTask(), parts, keys, build_scores) for e in chunk
    )
    chosen = choose_for_alignment(
        ((i, j, skel) for i, j, _, skel in scored), threshold=template_threshold
    )
    bulk = AlignStats(pairs=len(scored))
    aligned: dict[Pair, float] = {}
    if chosen and aligner() is not None:
        a_parts = _split(chosen)
        a_keys = [key("align", p) for p in a_parts]

        def build_align(part: list[Pair]) -> tuple[Any, ...]:
            ids = {i for p in part for i in p}
            return part, {i: records[i].skeleton_blob for i in ids}

        for found, chunk_stats in run("alignment", _AlignTask(), a_parts, a_keys, build_align):
            bulk.add(chunk_stats)
            aligned.update(((i, j), s) for i, j, s in found)
    started = time.monotonic()
    say("families")
    verifier = Verifier(sigs, text=text, aligned=aligned)
    raised = sum(verifier.prime(i, j, o, skel) for i, j, o, skel in scored)
    edges = [(i, j, *verifier.scores(i, j)) for i, j, *_ in scored]
    graph = family_graph(((i, j, t) for i, j, _, t in edges), threshold=template_threshold)

    def by_text(i: int, j: int) -> bool:  # the pair's shared text alone makes it
        return text.get((i, j) if i < j else (j, i), 0.0) >= template_threshold

    tfams = build_families(graph, verifier.template, threshold=template_threshold, by_text=by_text)
    tfams = _consolidate(tfams, records, verifier, template_threshold, top_k, threads, by_text)
    tfams = with_copies(tfams, near, verifier.template)
    docs = sorted({i for i, j, *_ in edges} | {j for i, j, *_ in edges})
    levels = outline_families(
        tfams,
        docs,
        ((i, j, o) for i, j, o, _ in edges),
        verifier.outline,
        threshold=outline_threshold,
    )
    say("")
    results = _results(levels.outline, levels.template, levels.parent, records, run, key)
    bulk.pairs += verifier.stats.pairs  # direct checks of family building
    info.update(
        edges=graph.number_of_edges(),
        direct_checks=verifier.stats.pairs,
        scored_pairs=bulk.pairs,
        aligned_pairs=bulk.aligned,
        align_seconds=round(bulk.align_seconds, 3),
        align_failures=bulk.failures,
        align_first_failure=bulk.first_failure,
        aligned_raised=raised,
        grouping_seconds=round(time.monotonic() - started, 3),
    )
    return results, info


def _consolidate(
    fams: list[Family],
    records: Sequence[DocRecord],
    verifier: Verifier,
    threshold: float,
    top_k: int,
    threads: int,
    by_text: Callable[[int, int], bool],
) -> list[Family]:
    """Join template families the candidate index kept apart, and speeches it left alone."""
    if len(records) <= ALL_PAIRS_MAX:
        return fams
    assigned = {m for f in fams for m in f.members}
    loose = {f.anchor for f in fams} | {
        i for i, r in enumerate(records) if r.signature.eligible and i not in assigned
    }
    second = idf_neighbours(
        [r.signature.grams for r in records],
        sorted(loose),
        k=top_k,
        max_df=IDF_MAX_DF,
        threads=threads,
    )
    return consolidate(
        fams, sorted(second), verifier.template, threshold=threshold, by_text=by_text
    )


class _TemplateTask:
    """Picklable: the templates of the families in one task (see :func:`_templates`)."""

    def __init__(self, deep: bool) -> None:
        self.deep = deep

    def __call__(
        self, part: list[Pair], sigs: dict[int, Signature], blobs: dict[int, bytes]
    ) -> list[Template]:
        tops = {m: pickle.loads(blob).sections for m, blob in blobs.items()}
        out = []
        for anchor, group in itertools.groupby(part, key=lambda p: p[0]):
            members = tuple(m for _, m in group)
            parts = {m: tops[m] for m in members}
            out.append(build_template(anchor, members, sigs, parts, deep=self.deep))
        return out


def _templates(
    name: str,
    fams: Sequence[Family],
    deep: bool,
    records: Sequence[DocRecord],
    run: Tasks,
    key: Callable[[str, list[Pair]], str],
) -> list[Template]:
    """The template of each family in ``fams``, built by the engine's workers.

    A family travels as its (anchor, member) pairs, members in order (anchors
    differ, so consecutive pairs with one anchor are one family); a task holds
    whole families, about ``CHUNK`` pairs.
    """
    parts: list[list[Pair]] = []
    for fam in fams:
        pairs = [(fam.anchor, m) for m in fam.members]
        if not parts or len(parts[-1]) + len(pairs) > CHUNK:
            parts.append([])
        parts[-1].extend(pairs)

    def build(part: list[Pair]) -> tuple[Any, ...]:
        ids = sorted({m for _, m in part})
        sigs = {i: records[i].signature for i in ids}
        return part, sigs, {i: records[i].skeleton_blob for i in ids}

    keys = [key(name, p) for p in parts]
    return [t for chunk in run(name, _TemplateTask(deep), parts, keys, build) for t in chunk]


def _results(
    outline: Sequence[Family],
    template: Sequence[Family],
    parent: Sequence[int],
    records: Sequence[DocRecord],
    run: Tasks,
    key: Callable[[str, list[Pair]], str],
) -> list[FamilyResult]:
    """Report order: each outline family, then its template families; ids f1, f2, ..."""
    plans = _templates("plans", outline, False, records, run, key)
    deep = _templates("templates", template, True, records, run, key)
    children: dict[int, list[int]] = {}
    for k, p in enumerate(parent):
        children.setdefault(p, []).append(k)
    out: list[FamilyResult] = []
    for o, fam in enumerate(outline):
        oid = f"f{len(out) + 1}"
        subs = sorted(children.get(o, []), key=lambda k: template[k].members[0])
        sub_ids = tuple(f"f{len(out) + 2 + n}" for n in range(len(subs)))
        out.append(FamilyResult(oid, fam, plans[o], "outline", None, sub_ids))
        for k, sid in zip(subs, sub_ids, strict=True):
            out.append(FamilyResult(sid, template[k], deep[k], "template", oid))
    return out
