"""Alignment accuracy and speed, each against a baseline run in the same process.

Usage: python bench/align.py [--pairs N] [--seed S] [--rounds R]
                             [--only dev|generated|variants|accuracy|speed|scaling] [--verbose]

Accuracy, section-match precision, recall and F1 (micro-averaged over pairs) of
:func:`compare.align.align` against a heading-only baseline (rapidfuzz
``fuzz.ratio`` on normalised headings, one-to-one assignment, pairs kept at
ratio >= 0.5), in three parts reported apart:

- **dev**: the real development set, ``bench/aligndev/`` (29 pairs of real
  documents, every level-1/2 section judged by reading both texts; see
  ``bench/aligndev.py``). Needs ``../shared/corpora`` beside the repository;
  Chinese and English pairs are also shown apart.
- **generated**: edited pairs from ``bench/editgen.py`` in its plain mode, and
- **generated, hard**: ``Settings.hard()``: headings eroded at 10-50%, parents
  inserted, tasks regrouped across levels, splits whose halves move, English;
- ``--only variants``: the generator pushed further (more edits a pair, deeper
  erosion, heavier rewording, three tasks a pair replaced in place by another
  speech's: new work in an old slot, which nothing links), 120 pairs each, not
  part of the default run.

Scaling (``--only scaling``, also in the default run; bench/align_scale.py, which
adds the 20,000-section documents): time and memory from 1x to 64x reports
concatenated, every size timed cold, the heading-only baseline beside it, and the
growth exponent.

Speed (medians of ``--rounds`` runs, one core):

- seeds 000 vs 001 end to end: parse both texts, align, inline diffs of every match;
- two government work reports (Shanghai vs Zhejiang), the same pipeline;
- the same two pipelines with difflib ``SequenceMatcher`` in place of rapidfuzz,
  side by side: every rapidfuzz call of the pipeline (:data:`_SWAPS`) is swapped
  for difflib and nothing else changes. LCS matrices (``similarity._lcs``: heading
  characters, heading and body bigram-id strings) become the sizes of
  ``get_matching_blocks``; Indel opcodes (sentence lists, characters, placeholder
  credit) become ``get_opcodes``; sentence similarity matrices and single ratios
  (sentence pairing, title/opening/closing) become ``ratio()``. Normalisation,
  bigram encoding, assignment and everything else is the same code in both;
- each also split into parsing (identical code in both pipelines) and the
  align + inline stage, whose ratio shows what the rapidfuzz calls buy;
- end to end with cold caches: the package keeps process-wide caches (normalised
  texts, trees, sentence splits, per-document bigram encodings, parser caches), so
  the rounds above, which parse and compare the same two texts again and again,
  run warm. A one-shot ``speechdiff diff`` pays the cold price (normalisation
  above all), shown by clearing every cache before each round;
- the batch fast path: two skeletons (headings only), ``inline=False, candidates=0``.

difflib appears only here, as the baseline; the product never uses it.
"""

from __future__ import annotations

import os

# As the command line does (compare/cli.py): one BLAS thread for small products.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import argparse
import collections
import contextlib
import difflib
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cdist

sys.path.insert(0, str(Path(__file__).resolve().parent))

from aligndev import load_pairs, score_pairs
from editgen import Settings, generate

import compare.inline as inline_mod
import compare.outcome as outcome_mod
import compare.similarity as sim_mod
from compare.align import align
from compare.matching import partial_assign
from compare.model import Document, Section
from compare.normalize import normalize
from compare.parse import parse_text
from compare.textio import read_text

ROOT = Path(__file__).resolve().parent.parent
SEED_A = ROOT / "fixtures/seeds/000_44149a710ae6c111.txt"
SEED_B = ROOT / "fixtures/seeds/001_201c1d1fe805fb54.txt"
GWR_A = ROOT / "fixtures/gwr/2026_上海市_政府工作报告.txt"
GWR_B = ROOT / "fixtures/gwr/2026_浙江省_政府工作报告.txt"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# -- accuracy ----------------------------------------------------------------------


def baseline_pairs(a: Document, b: Document, cut: float = 0.5) -> set[tuple[str, str]]:
    """Heading-only: rapidfuzz ratio of normalised headings + one-to-one assignment."""
    sa, sb = list(a.walk()), list(b.walk())
    if not sa or not sb:
        return set()
    m = cdist(
        [normalize(s.heading) for s in sa], [normalize(s.heading) for s in sb], scorer=fuzz.ratio
    )
    m = np.asarray(m, dtype=np.float64) / 100.0
    return {(sa[i].id, sb[j].id) for i, j in partial_assign(m, cut - 1e-9)}


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


Counts = dict[str, list[int]]


def _add(
    counts: Counts, name: str, pred: set[tuple[str, str]], gold: frozenset[tuple[str, str]]
) -> None:
    c = counts.setdefault(name, [0, 0, 0])
    c[0] += len(pred & gold)
    c[1] += len(pred - gold)
    c[2] += len(gold - pred)


def _table(title: str, counts: Counts) -> None:
    print(title)
    print(f"  {'':10} {'precision':>9} {'recall':>7} {'F1':>6}   (tp/fp/fn)")
    f1 = {}
    for name, (tp, fp, fn) in counts.items():
        p_, r_, f_ = prf(tp, fp, fn)
        f1[name] = f_
        print(f"  {name:10} {p_:9.3f} {r_:7.3f} {f_:6.3f}   ({tp}/{fp}/{fn})")
    if "aligner" in f1 and "baseline" in f1:
        print(f"  F1 gain over baseline: {f1['aligner'] - f1['baseline']:+.3f}")


def variants(n: int, seed: int) -> None:
    """The generator's settings pushed further than the benchmark's hard mode."""
    from dataclasses import replace as change

    hard = Settings.hard()
    table = {
        "plain": Settings(),
        "hard": hard,
        "hard, 8-12 edits a pair": change(hard, structural=(8, 12)),
        "hard, headings eroded 30-70 pct": change(hard, heading_chars=(0.3, 0.7)),
        "hard edits, no rewording": change(
            hard, reword_headings=0.0, reword_bodies=0.0, heading_chars=(0.0, 0.0)
        ),
        "hard, bodies reworded heavily": change(
            hard, synonym_rate=1.0, drop_sentence=0.3, add_sentence=0.2
        ),
        "hard, 3 tasks replaced in place": change(hard, replacements=3),
    }
    print(f"generated, other settings: {n} pairs each (seed {seed})")
    print(f"  {'':34} {'aligner P':>9} {'R':>6} {'F1':>6}   {'baseline F1':>11}")
    for name, settings in table.items():
        counts: Counts = {}
        for p in generate(n, seed=seed, settings=settings):
            got = {(m.a, m.b) for m in align(p.a, p.b, inline=False, candidates=0).matches}
            _add(counts, "aligner", got, p.gold)
            _add(counts, "baseline", baseline_pairs(p.a, p.b), p.gold)
        p_, r_, f_ = prf(*counts["aligner"])
        print(f"  {name:34} {p_:9.3f} {r_:6.3f} {f_:6.3f}   {prf(*counts['baseline'])[2]:11.3f}")


def dev_accuracy(verbose: bool) -> None:
    """The real development set, against the heading-only baseline."""
    try:
        pairs = load_pairs()
    except OSError as exc:
        print(f"dev set: skipped ({exc}; it needs ../shared/corpora beside the repository)")
        return
    every: Counts = {}
    by_lang: dict[str, Counts] = {"Chinese": {}, "English": {}}
    # Gold links between two sections that each have exactly one counterpart, and
    # how many of them the aligner finds: what a one-to-one aligner can reach.
    single: dict[str, list[int]] = {"Chinese": [0, 0, 0, 0], "English": [0, 0, 0, 0]}
    for p in pairs:
        got = {(m.a, m.b) for m in align(p.a, p.b, inline=False, candidates=0).matches}
        base = baseline_pairs(p.a, p.b)
        lang = "English" if p.name.startswith("bills") else "Chinese"
        per_a = collections.Counter(x for x, _ in p.gold)
        per_b = collections.Counter(y for _, y in p.gold)
        one = {(x, y) for x, y in p.gold if per_a[x] == 1 and per_b[y] == 1}
        single[lang][0] += len(one)
        single[lang][1] += len(one & got)
        single[lang][2] += len(p.gold)
        single[lang][3] += len(one & base)
        for name, pred in (("aligner", got), ("baseline", base)):
            tp, fp, fn = score_pairs(p, pred)
            for counts in (every, by_lang[lang]):
                c = counts.setdefault(name, [0, 0, 0])
                c[0] += tp
                c[1] += fp
                c[2] += fn
        if verbose:
            tp, fp, fn = score_pairs(p, got)
            log(f"  {p.name:26} P {prf(tp, fp, fn)[0]:.2f} R {prf(tp, fp, fn)[1]:.2f}")
    _table(f"dev set: {len(pairs)} real pairs annotated by hand (bench/aligndev/)", every)
    for lang, counts in by_lang.items():
        _table(f"  of which {lang}", counts)
    for lang, (n_one, found, n_gold, base_found) in single.items():
        if n_one:
            print(
                f"  {lang}: {n_one} of {n_gold} gold links join two sections with one "
                f"counterpart each; the aligner finds {found} (recall {found / n_one:.3f}), "
                f"the baseline {base_found} ({base_found / n_one:.3f})"
            )


def accuracy(n: int, seed: int, verbose: bool, *, hard: bool = False) -> None:
    settings = Settings.hard() if hard else Settings()
    pairs = generate(n, seed=seed, settings=settings)
    counts: Counts = {}
    for p in pairs:
        got = {(m.a, m.b) for m in align(p.a, p.b, inline=False, candidates=0).matches}
        _add(counts, "aligner", got, p.gold)
        _add(counts, "baseline", baseline_pairs(p.a, p.b), p.gold)
        if verbose and got != p.gold:
            log(f"{p.source} ops={','.join(p.ops)}")
            for x in sorted(got - p.gold):
                log(f"  FP {x}")
            for x in sorted(p.gold - got):
                log(f"  FN {x}")
    mode = "hard" if hard else "plain"
    _table(f"generated ({mode}): {n} edited pairs (seed {seed}; {settings})", counts)


# -- speed -------------------------------------------------------------------------


def median_ms(fn: Callable[[], Any], rounds: int, before: Callable[[], Any] | None = None) -> float:
    """Median milliseconds of ``fn``; ``before`` runs (untimed) ahead of each call."""
    fn()  # warm caches and lazy imports
    times = []
    for _ in range(rounds):
        if before is not None:
            before()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def pipeline(text_a: str, text_b: str) -> int:
    """Parse both texts, align the first speeches, with inline diffs of every match."""
    a = parse_text(text_a).documents[0]
    b = parse_text(text_b).documents[0]
    return len(align(a, b, inline=True).inline)


class _Opcodes:
    """difflib's opcodes in the shape of rapidfuzz's ``Opcodes`` (iteration, ``as_list``)."""

    def __init__(self, ops: Sequence[tuple[str, int, int, int, int]]) -> None:
        self.ops = ops

    def as_list(self) -> Sequence[tuple[str, int, int, int, int]]:
        return self.ops

    def __iter__(self) -> Iterator[Any]:
        from types import SimpleNamespace

        for t, i1, i2, j1, j2 in self.ops:
            yield SimpleNamespace(tag=t, src_start=i1, src_end=i2, dest_start=j1, dest_end=j2)


class _DifflibOpcodes:
    """What ``rapidfuzz.distance.Indel`` offers the product, done by difflib."""

    @staticmethod
    def opcodes(x: Sequence[Any], y: Sequence[Any]) -> _Opcodes:
        return _Opcodes(difflib.SequenceMatcher(None, x, y, autojunk=False).get_opcodes())

    @staticmethod
    def normalized_similarity(x: str, y: str) -> float:
        return difflib.SequenceMatcher(None, x, y, autojunk=False).ratio()


def _difflib_common(a: Sequence[str], b: Sequence[str], workers: int) -> Any:
    out = np.zeros((len(a), len(b)))
    for i, x in enumerate(a):
        sm = difflib.SequenceMatcher(None, autojunk=False)
        sm.set_seq2(x)
        for j, y in enumerate(b):
            sm.set_seq1(y)
            out[i, j] = sum(block.size for block in sm.get_matching_blocks())
    return out


def _difflib_cdist(a: Sequence[str], b: Sequence[str], scorer: Any = None, **_: Any) -> Any:
    out = np.zeros((len(a), len(b)))
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            out[i, j] = difflib.SequenceMatcher(None, x, y, autojunk=False).ratio()
    return out


# Every place the pipeline calls rapidfuzz, and what the baseline calls instead.
_SWAPS: tuple[tuple[ModuleType, str, object], ...] = (
    (sim_mod, "_lcs", _difflib_common),  # LCS matrices: headings (characters, bigrams), bodies
    (sim_mod, "Indel", _DifflibOpcodes),  # placeholder credit (opcodes)
    (inline_mod, "Indel", _DifflibOpcodes),  # sentence and character opcodes, sentence ratios
    (inline_mod, "cdist", _difflib_cdist),  # sentence ratio matrices
    (outcome_mod, "Indel", _DifflibOpcodes),  # title, opening and closing ratios
)


@contextlib.contextmanager
def difflib_backend() -> Iterator[None]:
    """Swap every rapidfuzz call of the pipeline for difflib, for the baseline run."""
    saved = [(module, name, getattr(module, name)) for module, name, _ in _SWAPS]
    for module, name, value in _SWAPS:
        setattr(module, name, value)
    try:
        yield
    finally:
        for module, name, value in saved:
            setattr(module, name, value)


def clear_caches() -> None:
    """Empty the process-wide caches of the compare package, as in a fresh process.

    Every ``functools`` cache of its modules (normalised texts, trees, sentence
    splits, bigram encodings, parser caches) and the shared n-gram vocabulary.
    """
    for name, module in list(sys.modules.items()):
        if name == "compare" or name.startswith("compare."):
            for value in list(vars(module).values()):
                clear = getattr(value, "cache_clear", None)
                if callable(clear):
                    clear()
    vocabulary = sim_mod._VOCABULARY
    with vocabulary.lock:
        vocabulary.ids.clear()
        vocabulary.cache.clear()


def skeleton(doc: Document) -> Document:
    def strip(s: Section) -> Section:
        return replace(s, text="", children=tuple(strip(c) for c in s.children))

    return replace(
        doc, sections=tuple(strip(s) for s in doc.sections), opening=None, closing=None, front=None
    )


def speed(rounds: int) -> None:
    seed_a, seed_b = read_text(SEED_A)[0], read_text(SEED_B)[0]
    gwr_a, gwr_b = read_text(GWR_A)[0], read_text(GWR_B)[0]
    print(f"speed: median of {rounds} rounds, one core")
    rows = []
    few = max(3, rounds // 5)
    for name, (x, y), budget in (
        ("seeds 000 vs 001", (seed_a, seed_b), 30.0),
        ("gwr Shanghai vs Zhejiang", (gwr_a, gwr_b), 300.0),
    ):
        da, db = parse_text(x).documents[0], parse_text(y).documents[0]
        both = partial(pipeline, x, y)
        stage_fn = partial(align, da, db, inline=True)
        fast = median_ms(both, rounds)
        parse = median_ms(partial(lambda x, y: (parse_text(x), parse_text(y)), x, y), rounds)
        stage = median_ms(stage_fn, rounds)
        cold = median_ms(both, rounds, before=clear_caches)
        with difflib_backend():
            slow = median_ms(both, few)
            slow_stage = median_ms(stage_fn, few)
            slow_cold = median_ms(both, few, before=clear_caches)
        rows.append((name, fast, slow, budget, parse, stage, slow_stage, cold, slow_cold))
        log(f"  done {name}")
    for name, fast, slow, budget, parse, stage, slow_stage, cold, slow_cold in rows:
        verdict = "ok" if fast <= budget else "OVER BUDGET"
        print(
            f"  {name:26} end to end: rapidfuzz {fast:7.2f} ms "
            f"(budget {budget:.0f} ms: {verdict}), "
            f"difflib {slow:8.1f} ms, ratio {slow / fast:5.1f}x"
        )
        print(
            f"  {'':26} of which parsing (same code in both) {parse:6.2f} ms; "
            f"align + inline alone: rapidfuzz {stage:6.2f} ms, difflib {slow_stage:8.1f} ms, "
            f"ratio {slow_stage / stage:5.1f}x"
        )
        print(
            f"  {'':26} end to end with cold caches (cleared before each round, as in a "
            f"one-shot run): rapidfuzz {cold:6.2f} ms, difflib {slow_cold:8.1f} ms, "
            f"ratio {slow_cold / cold:5.1f}x"
        )
    pa = parse_text(seed_a).documents[0]
    pb = parse_text(seed_b).documents[0]
    ka, kb = skeleton(pa), skeleton(pb)
    n = (sum(1 for _ in ka.walk()), sum(1 for _ in kb.walk()))
    fast_path = median_ms(lambda: align(ka, kb, inline=False, candidates=0), rounds * 10)
    full = median_ms(lambda: align(ka, kb), rounds * 10)
    print(
        f"  skeletons {n[0]} vs {n[1]} sections: fast path {fast_path * 1000:7.0f} µs "
        f"(inline=False, candidates=0); defaults {full * 1000:7.0f} µs"
    )
    ga, gb = skeleton(parse_text(gwr_a).documents[0]), skeleton(parse_text(gwr_b).documents[0])
    n = (sum(1 for _ in ga.walk()), sum(1 for _ in gb.walk()))
    gfast = median_ms(lambda: align(ga, gb, inline=False, candidates=0), rounds * 5)
    print(f"  skeletons {n[0]} vs {n[1]} sections (gwr): fast path {gfast * 1000:7.0f} µs")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pairs", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument(
        "--only", choices=("dev", "generated", "variants", "accuracy", "speed", "scaling")
    )
    ap.add_argument("--verbose", action="store_true", help="list wrong pairs on stderr")
    args = ap.parse_args()
    if args.only in (None, "accuracy", "dev"):
        dev_accuracy(args.verbose)
    if args.only in (None, "accuracy", "generated"):
        accuracy(args.pairs, args.seed, args.verbose)
        accuracy(args.pairs, args.seed + 4, args.verbose, hard=True)
    if args.only == "variants":
        variants(120, 23)
    if args.only in (None, "speed"):
        speed(args.rounds)
    if args.only in (None, "scaling"):
        import align_scale  # it imports this module's baseline: loaded only when asked

        align_scale.scaling(64, 3)


if __name__ == "__main__":
    main()
