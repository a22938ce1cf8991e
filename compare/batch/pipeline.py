"""The batch pipeline: runs the stages in order and collects one :class:`BatchResult`.

::

    expand inputs → read + analyse each file (engine, cached) → speeches
      → near-duplicate candidates (LSH) → verified near copies (engine, cached)
      → skeleton candidates (LSH + role buckets + near copies)
      → verified skeleton pairs (engine, cached) → families (anchored) → templates
      → reused passages and stock phrases

Parallel stages go through an :class:`~compare.batch.engines.Engine`; everything
handed to it is a pure function of its arguments, and every merge sorts, so the
result does not depend on the engine, the number of workers or the order in which
tasks finish. Finished tasks land in the :class:`~compare.batch.resume.Cache` as
they complete.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..extract import extract, without_furniture
from ..textio import InputError, read_bytes
from .candidates import Pair
from .canon import canonical, key
from .duplicates import NEAR_THRESHOLD, near_groups, verify_group, verify_near
from .engines import Engine, default_workers
from .grouping import OUTLINE_THRESHOLD, TEMPLATE_THRESHOLD, FamilyResult, group, local_order
from .ingest import Inputs, analyse, digest_of
from .passages import (
    Passage,
    candidate_pairs,
    default_stock_min,
    drop_stock,
    passages_task,
    shared_grams,
    stock_phrases,
    text_scores,
)
from .progress import Progress
from .records import DocRecord, FileRecord
from .resume import Cache, task_key
from .verify import aligner

__all__ = [
    "BatchOptions",
    "BatchResult",
    "FamilyResult",
    "Speech",
    "StockPhrase",
    "preload",
    "run_batch",
]

FAMILY_THRESHOLD = TEMPLATE_THRESHOLD
CHUNK_FILES, CHUNK_BYTES = 32, 1 << 20
CHUNK_PAIRS = 512


@dataclass(frozen=True, slots=True, kw_only=True)
class BatchOptions:
    """Settings of one batch run (the CLI maps its flags onto these)."""

    family_threshold: float = FAMILY_THRESHOLD  # template families
    outline_threshold: float = OUTLINE_THRESHOLD
    near_threshold: float = NEAR_THRESHOLD
    stock_min_docs: int | None = None  # None: default_stock_min(number of speeches)
    top_k: int = 10  # skeleton candidates kept per speech


@dataclass(frozen=True, slots=True)
class Speech:
    """A speech of the corpus: its report id, file and record."""

    id: str
    source: str
    digest: str
    record: DocRecord
    encoding: str = ""


@dataclass(frozen=True, slots=True)
class StockPhrase:
    text: str
    documents: int
    example: int  # a speech that says it
    span: tuple[int, int]


@dataclass(frozen=True, slots=True)
class BatchResult:
    """Everything the report stage writes."""

    speeches: tuple[Speech, ...]
    errors: tuple[tuple[str, str], ...]
    skipped: tuple[str, ...]
    families: tuple[FamilyResult, ...]
    near: tuple[tuple[int, int, float], ...]
    passages: tuple[Passage, ...]
    stock: tuple[StockPhrase, ...]
    settings: dict[str, Any]
    stats: dict[str, Any] = field(default_factory=dict)  # counts and timings: not in report.json
    warnings: tuple[tuple[str, str], ...] = ()  # files read, but with bytes replaced


def _reread(speech: Speech) -> str:
    """The decoded text of a speech's file, read again (its encoding is known by now)."""
    data = read_bytes(speech.source)
    if speech.encoding and speech.encoding not in ("docx", "pdf"):
        try:
            return data.decode("utf-8-sig" if speech.encoding == "utf-8" else speech.encoding)
        except (UnicodeDecodeError, LookupError):
            pass  # the file changed since: decode it afresh
    got = extract(data, speech.source)  # a .docx or PDF: extracted again, furniture blanked
    return without_furniture(got.text, got.furniture)


def analyse_chunk(jobs: Sequence[tuple[int, str, bytes]]) -> list[tuple[int, FileRecord]]:
    """Worker task: :func:`~compare.batch.ingest.analyse` a few files at once."""
    return [(k, analyse(source, data)) for k, source, data in jobs]


def _read_files(
    files: Sequence[str], cache: Cache, engine: Engine, progress: Progress
) -> list[FileRecord]:
    records: dict[int, FileRecord] = {}
    progress.stage("reading", len(files), unit="files")

    def jobs() -> Iterator[tuple[list[tuple[int, str, bytes]]]]:
        chunk: list[tuple[int, str, bytes]] = []
        size = 0
        for k, source in enumerate(files):
            try:
                data = read_bytes(source)
            except InputError as exc:
                records[k] = FileRecord(source, "", "", error=exc.reason)
                progress.advance()
                continue
            hit = cache.file(digest_of(data), source)
            if hit is not None:
                records[k] = hit
                progress.advance()
                continue
            if len(data) >= CHUNK_BYTES:  # a big file travels alone: it never holds up others
                yield ([(k, source, data)],)
                continue
            chunk.append((k, source, data))
            size += len(data)
            if len(chunk) >= CHUNK_FILES or size >= CHUNK_BYTES:
                yield (chunk,)
                chunk, size = [], 0
        if chunk:
            yield (chunk,)

    def done(_: int, result: list[tuple[int, FileRecord]]) -> None:
        for k, rec in result:
            records[k] = rec
            cache.put_file(rec)
        progress.advance(len(result))

    engine.run(analyse_chunk, jobs(), on_done=done)
    progress.end()
    return [records[k] for k in range(len(files))]


def _speech_texts(speeches: Sequence[Speech], needed: set[int]) -> dict[int, str]:
    """Canonical text of the ``needed`` speeches, re-read from their files."""
    by_file: dict[str, list[int]] = defaultdict(list)
    for i in sorted(needed):
        by_file[speeches[i].source].append(i)
    out: dict[int, str] = {}
    for ids in by_file.values():
        try:
            text = _reread(speeches[ids[0]])
        except InputError:
            text = ""  # the file went away under us: compare as empty, never crash
        for i in ids:
            lo, hi = speeches[i].record.span
            out[i] = key(canonical(text[lo:hi]))
    return out


def _cached_tasks(
    name: str,
    fn: Any,
    parts: Sequence[list[Pair]],
    keys: Sequence[str],
    build: Callable[[list[Pair]], tuple[Any, ...]],
    cache: Cache,
    engine: Engine,
    progress: Progress,
) -> list[Any]:
    """Run ``fn`` on each part of the pairs through the engine, skipping cached parts.

    ``build`` turns a part into the task's arguments (the texts or skeletons it
    needs) only when the task is about to be sent, so the arguments of all tasks
    are never in memory at once.
    """
    results: dict[int, Any] = {}
    todo: list[int] = []
    for n, k in enumerate(keys):
        hit = cache.task(k)
        if hit is not None:
            results[n] = hit
        else:
            todo.append(n)
    progress.stage(name, sum(len(p) for p in parts), unit="pairs")
    progress.advance(sum(len(parts[n]) for n in results))

    def done(t: int, value: Any) -> None:
        n = todo[t]
        results[n] = value
        cache.put_task(keys[n], value)
        progress.advance(len(parts[n]))

    engine.run(fn, (build(parts[n]) for n in todo), on_done=done)
    progress.end()
    return [results[n] for n in range(len(parts))]


def _split(pairs: Sequence[Pair]) -> list[list[Pair]]:
    return [list(pairs[lo : lo + CHUNK_PAIRS]) for lo in range(0, len(pairs), CHUNK_PAIRS)]


def _ident(speeches: Sequence[Speech], i: int) -> tuple[str, int]:
    return speeches[i].digest, speeches[i].record.index


def _near_duplicates(
    speeches: Sequence[Speech], opts: BatchOptions, cache: Cache, engine: Engine, progress: Progress
) -> list[tuple[int, int, float]]:
    if len(speeches) < 2:
        return []
    sketches = np.stack([s.record.sketch for s in speeches])
    small, groups = near_groups(sketches, range(len(speeches)))
    parts = [*_split(small), *groups]
    grouped = [False] * (len(parts) - len(groups)) + [True] * len(groups)
    keys = [
        task_key(
            "near-group" if grouped[n] else "near",
            [(_ident(speeches, i), _ident(speeches, j)) for i, j in part],
            opts.near_threshold,
        )
        for n, part in enumerate(parts)
    ]
    is_group = {id(part) for part in groups}

    def build(part: list[Pair]) -> tuple[Any, ...]:
        return part, _speech_texts(speeches, {i for p in part for i in p}), id(part) in is_group

    task = _NearTask({"threshold": opts.near_threshold})
    found = _cached_tasks("near copies", task, parts, keys, build, cache, engine, progress)
    return sorted(item for chunk in found for item in chunk)


class _NearTask:
    """Picklable ``verify_near`` (or, for a large group, ``verify_group``) with options bound."""

    def __init__(self, kw: dict[str, Any]) -> None:
        self.kw = kw

    def __call__(
        self, pairs: list[Pair], texts: dict[int, str], grouped: bool = False
    ) -> list[tuple[int, int, float]]:
        if grouped:
            return verify_group(pairs, texts, **self.kw)
        return verify_near(pairs, texts, **self.kw)


def _families(
    speeches: Sequence[Speech],
    near: Sequence[tuple[int, int, float]],
    text: dict[Pair, float],
    opts: BatchOptions,
    cache: Cache,
    engine: Engine,
    progress: Progress,
) -> tuple[list[FamilyResult], dict[str, Any]]:
    def run(
        name: str,
        fn: Any,
        parts: Sequence[list[Pair]],
        keys: Sequence[str],
        build: Callable[[list[Pair]], tuple[Any, ...]],
    ) -> list[Any]:
        return _cached_tasks(name, fn, parts, keys, build, cache, engine, progress)

    started = time.monotonic()
    progress.stage("grouping", 0)
    families, stats = group(
        [s.record for s in speeches],
        [_ident(speeches, i) for i in range(len(speeches))],
        near,
        text,
        template_threshold=opts.family_threshold,
        outline_threshold=opts.outline_threshold,
        top_k=opts.top_k,
        run=run,
        busy=lambda label: progress.stage(label, 0) if label else progress.end(),
        threads=_threads(engine),
    )
    progress.finish("grouping", started, f"{len(families)} families")
    return families, stats


def _threads(engine: Engine) -> int:
    """Threads for the sparse products this process runs between stages.

    The engine's workers wait meanwhile; a cluster's workers may be many, so this
    machine's cores bound it.
    """
    return max(1, min(engine.workers, default_workers()))


def _raw_texts(
    speeches: Sequence[Speech], needed: set[int]
) -> dict[int, tuple[str, int, tuple[tuple[int, int], ...]]]:
    """Each needed speech's text, its offset in its file and its title/heading spans."""
    by_file: dict[str, list[int]] = defaultdict(list)
    for i in sorted(needed):
        by_file[speeches[i].source].append(i)
    out: dict[int, tuple[str, int, tuple[tuple[int, int], ...]]] = {}
    for ids in by_file.values():
        try:
            text = _reread(speeches[ids[0]])
        except InputError:
            text = ""  # the file went away under us: no passages, never a crash
        for i in ids:
            lo, hi = speeches[i].record.span
            out[i] = (text[lo:hi], lo, speeches[i].record.skip)
    return out


def _passages(
    speeches: Sequence[Speech],
    near: Sequence[tuple[int, int, float]],
    stock_min: int,
    cache: Cache,
    engine: Engine,
    progress: Progress,
    counts: dict[str, int],
) -> tuple[list[Passage], list[Any]]:
    records = [s.record for s in speeches]
    found = candidate_pairs([r.seeds for r in records], stock_min=stock_min)
    pairs = sorted(set(found) | {(i, j) for i, j, _ in near})
    parts = _split(local_order(pairs))  # fewer texts re-read and tokenised per task
    keys = [
        task_key("passages", [(_ident(speeches, i), _ident(speeches, j)) for i, j in part])
        for part in parts
    ]

    def build(part: list[Pair]) -> tuple[Any, ...]:
        return part, _raw_texts(speeches, {i for p in part for i in p})

    done = _cached_tasks("passages", passages_task, parts, keys, build, cache, engine, progress)
    passages = sorted(
        (p for chunk in done for p in chunk), key=lambda p: (p.a, p.b, p.a_span, p.b_span)
    )
    tables = [r.sentences for r in records]
    stock = stock_phrases(tables, stock_min)
    kept = drop_stock(passages, tables, stock, [r.latin for r in records], stock_min)
    counts.update(candidates=len(pairs), seed_pairs=len(found), found=len(passages), kept=len(kept))
    return kept, stock


def _stock_phrases(speeches: Sequence[Speech], stock: Sequence[Any]) -> list[StockPhrase]:
    texts: dict[str, str] = {}
    out: list[StockPhrase] = []
    for s in stock:
        source = speeches[s.doc].source
        if source not in texts:
            try:
                texts[source] = _reread(speeches[s.doc])
            except InputError:
                texts[source] = ""
        lo, hi = s.span
        out.append(StockPhrase(texts[source][lo:hi], s.documents, s.doc, s.span))
    return out


def preload() -> None:
    """Import the heavy modules the workers will need, so forked workers inherit them.

    The local engine forks its worker processes on first use; whatever the main
    process has imported by then is shared (copy-on-write) instead of imported
    again in every worker: the alignment engine (with ``lap``'s assignment
    solver), scipy's sparse matrices and rapidfuzz.
    """
    import lap  # noqa: F401
    import rapidfuzz.process  # noqa: F401
    import scipy.sparse  # noqa: F401

    aligner()


def run_batch(
    inputs: Inputs,
    out_dir: str,
    opts: BatchOptions,
    *,
    engine: Engine,
    cache: Cache,
    progress: Progress,
) -> BatchResult:
    """Run every stage over ``inputs``; nothing is written here (see :mod:`.report`)."""
    preload()  # before the engine starts its workers
    t0 = time.monotonic()
    timings: dict[str, float] = {}
    records = _read_files(inputs.files, cache, engine, progress)
    timings["read"] = time.monotonic() - t0
    speeches: list[Speech] = []
    errors: list[tuple[str, str]] = list(inputs.errors)
    warnings = [(rec.source, rec.warning) for rec in records if rec.warning]
    for rec in records:
        if rec.error is not None:
            errors.append((rec.source, rec.error))
        for doc in rec.documents:
            speeches.append(
                Speech(f"d{len(speeches) + 1}", rec.source, rec.digest, doc, rec.encoding)
            )
    t = time.monotonic()
    near = _near_duplicates(speeches, opts, cache, engine, progress)
    timings["near"] = time.monotonic() - t
    t = time.monotonic()
    stock_min = opts.stock_min_docs or default_stock_min(len(speeches))
    passage_stats: dict[str, int] = {}
    passages, stock = _passages(speeches, near, stock_min, cache, engine, progress, passage_stats)
    timings["passages"] = time.monotonic() - t
    t = time.monotonic()
    progress.stage("shared phrasing", 0)  # in this process (threaded sparse products)
    grams = shared_grams(
        [s.record.seeds for s in speeches],
        k=opts.top_k,
        stock_min=stock_min,
        threads=_threads(engine),
    )
    text = text_scores(
        passages, [s.record.tokens for s in speeches], grams, [s.record.latin for s in speeches]
    )
    progress.end()
    families, fam_stats = _families(speeches, near, text, opts, cache, engine, progress)
    timings["families"] = time.monotonic() - t
    settings = {
        "family_threshold": opts.family_threshold,
        "outline_threshold": opts.outline_threshold,
        "near_threshold": opts.near_threshold,
        "stock_min_docs": stock_min,
        "top_k": opts.top_k,
        "alignment_engine": aligner() is not None,
    }
    stats = {
        "files": len(inputs.files),
        "speeches": len(speeches),
        "cache_hits": cache.hits,
        "families": fam_stats,
        "passages": passage_stats,
        "seconds": {k: round(v, 3) for k, v in timings.items()},
    }
    return BatchResult(
        speeches=tuple(speeches),
        errors=tuple(errors),
        skipped=inputs.skipped,
        families=tuple(families),
        near=tuple(near),
        passages=tuple(passages),
        stock=tuple(_stock_phrases(speeches, stock)),
        settings=settings,
        stats=stats,
        warnings=tuple(warnings),
    )
