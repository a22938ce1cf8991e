"""Batch mode at scale: speed, memory and accuracy on generated corpora.

Usage: python bench/batch.py [--sizes 1000,5000,50000] [--seed S] [--workers N]
                             [--work DIR] [--no-baseline]

For each size a corpus is generated with ``bench/corpusgen.py`` (kept under
``--work`` and reused by later runs), then ``speechdiff batch`` runs on it in a
fresh process with default settings. Printed per size:

- wall time, time per 1,000 speeches, peak memory of the whole process tree (main
  process and workers, RSS summed, sampled every 50 ms) and of the main process;
- the time of each stage (from run.json) and how much of the per-file stage is
  the parser (measured on a sample of files in this process, one core);
- accuracy against the generator's ground truth: family co-membership precision,
  recall and F1 (over pairs of speeches), near-duplicate recall and precision,
  reused-passage recall.

At the smallest size the same run also times a **naive all-pairs baseline**:
every pair of speeches verified with the same skeleton verification and the same
near-copy check, no candidate index (files are read from the cache of the run
just made, so the baseline is charged the pair stages only), and prints the
ratio. Its families are built with the same anchored algorithm, so its accuracy
shows what the candidate index costs in recall.
"""

from __future__ import annotations

import argparse
import collections
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpusgen import Settings, generate


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def corpus(work: Path, n: int, seed: int) -> Path:
    path = work / f"corpus-{n}-s{seed}"
    if not (path / "truth.json").exists():
        log(f"generating {n} speeches in {path} ...")
        t = time.monotonic()
        generate(Settings(docs=n, seed=seed), path)
        log(f"  generated in {time.monotonic() - t:.1f}s")
    return path


def run_batch(
    src: Path, out: Path, workers: int | None, extra: Sequence[str] = ("--quiet",)
) -> dict[str, Any]:
    """Run ``speechdiff batch`` in a child process; wall time, peak memory, its stderr."""
    cmd = [sys.executable, "-m", "compare", "batch", str(src), "--out", str(out), *extra]
    if workers:
        cmd += ["--workers", str(workers)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    peak_tree = peak_main = 0
    ps = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            procs = [ps, *ps.children(recursive=True)]
            rss = [p.memory_info().rss for p in procs]
            peak_tree = max(peak_tree, sum(rss))
            peak_main = max(peak_main, rss[0])
        except psutil.Error:
            pass
        time.sleep(0.05)
    wall = time.monotonic() - started
    stdout, stderr = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"batch failed ({proc.returncode}): {stderr.decode()}")
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    return {
        "wall": wall,
        "peak_tree": peak_tree,
        "peak_main": peak_main,
        "run": info,
        "summary": stdout.decode(),
        "stderr": stderr.decode(),
    }


def parse_share(src: Path, sample: int = 400) -> dict[str, float]:
    """Seconds per speech for decoding + parsing, and for the whole per-file stage (one core)."""
    from compare.batch.ingest import analyse, expand_inputs
    from compare.parse import parse_text
    from compare.textio import InputError, decode_bytes

    files = [f for f in expand_inputs([str(src)]).files if f.endswith(".txt")][:sample]
    blobs = [(f, Path(f).read_bytes()) for f in files]
    analyse(*blobs[0])  # warm-up: tables built once per process
    t = time.perf_counter()
    docs = 0
    for f, data in blobs:  # the parser's share: decoding (textio) and parsing
        try:
            text, enc = decode_bytes(data, f)
        except InputError:
            continue
        docs += len(parse_text(text, source=f, encoding=enc).documents)
    parse = time.perf_counter() - t
    t = time.perf_counter()
    for f, data in blobs:
        analyse(f, data)
    whole = time.perf_counter() - t
    return {"parse_per_doc": parse / max(1, docs), "analyse_per_doc": whole / max(1, docs)}


def _names(report: dict[str, Any], src: Path) -> dict[str, str]:
    return {
        d["id"]: f"{os.path.relpath(d['source'], src)}#{d['index']}" for d in report["documents"]
    }


def _pair_count(labels: dict[str, str | None]) -> int:
    sizes = collections.Counter(v for v in labels.values() if v is not None)
    return sum(n * (n - 1) // 2 for n in sizes.values())


def family_scores(pred: dict[str, str | None], truth: dict[str, str | None]) -> dict[str, float]:
    """Co-membership precision, recall and F1 over pairs of speeches."""
    names = [n for n in truth if n in pred]
    both = collections.Counter(
        (pred[n], truth[n]) for n in names if pred[n] is not None and truth[n] is not None
    )
    tp = sum(n * (n - 1) // 2 for n in both.values())
    p_pairs = _pair_count({n: pred[n] for n in names})
    t_pairs = _pair_count({n: truth[n] for n in names})
    precision = tp / p_pairs if p_pairs else 1.0
    recall = tp / t_pairs if t_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def accuracy(report: dict[str, Any], src: Path) -> dict[str, Any]:
    truth_doc = json.loads((src / "truth.json").read_text(encoding="utf-8"))
    truth: dict[str, str | None] = {}
    copies: dict[str, set[str]] = collections.defaultdict(set)
    reuse: set[frozenset[str]] = set()
    for f in truth_doc["files"]:
        for i, s in enumerate(f["speeches"]):
            name = f"{f['path']}#{i}"
            truth[name] = s["family"]
            if s["copy_of"]:
                copies[s["copy_of"]].update((name, s["copy_of"]))
            for other in s["reuses"]:
                reuse.add(frozenset((name, other)))
    names = _names(report, src)
    pred = {names[d["id"]]: d["family"] for d in report["documents"]}
    near_truth = {
        frozenset(p) for g in copies.values() for p in itertools.combinations(sorted(g), 2)
    }
    near_pred = {frozenset((names[n["a"]], names[n["b"]])) for n in report["near_duplicates"]}
    passage_pairs = {frozenset((names[p["a"]], names[p["b"]])) for p in report["reused_passages"]}
    return {
        "speeches_found": len(pred),
        "speeches_true": len(truth),
        "family": family_scores(pred, truth),
        "near_recall": len(near_truth & near_pred) / max(1, len(near_truth)),
        "near_precision": len(near_truth & near_pred) / max(1, len(near_pred)),
        "reuse_recall": len(reuse & passage_pairs) / max(1, len(reuse)),
        "stock_phrases": len(report["stock_phrases"]),
    }


def baseline(src: Path, out: Path, workers: int | None) -> dict[str, Any]:
    """All pairs, no index: same verification, same family algorithm (files from cache)."""
    from compare.batch import pipeline
    from compare.batch.duplicates import verify_near
    from compare.batch.engines import make_engine
    from compare.batch.families import build_families, family_graph
    from compare.batch.ingest import expand_inputs
    from compare.batch.progress import Progress
    from compare.batch.resume import Cache
    from compare.batch.verify import Verifier, verify_pairs

    engine = make_engine("local", workers=workers)
    cache = Cache(out, resume=True)
    try:
        records = pipeline._read_files(
            expand_inputs([str(src)]).files, cache, engine, Progress(quiet=True)
        )
        speeches = [
            pipeline.Speech(f"d{k + 1}", r.source, r.digest, d, r.encoding)
            for k, (r, d) in enumerate((r, d) for r in records for d in r.documents)
        ]
        n = len(speeches)
        opts = pipeline.BatchOptions()
        t0 = time.monotonic()
        all_pairs = list(itertools.combinations(range(n), 2))
        texts = pipeline._speech_texts(speeches, set(range(n)))
        chunk = 20000
        near_tasks = []
        for lo in range(0, len(all_pairs), chunk):
            part = all_pairs[lo : lo + chunk]
            ids = {i for p in part for i in p}
            near_tasks.append((part, {i: texts[i] for i in ids}))
        near_chunks = engine.run(pipeline._NearTask({"threshold": opts.near_threshold}), near_tasks)
        near = sorted(x for c in near_chunks for x in c)
        t_near = time.monotonic() - t0
        sigs = {i: s.record.signature for i, s in enumerate(speeches)}
        blobs = {i: s.record.skeleton_blob for i, s in enumerate(speeches)}
        kw = {"threshold": opts.family_threshold, "floor": pipeline.VERIFY_FLOOR}
        t1 = time.monotonic()
        tasks = [
            (all_pairs[lo : lo + chunk], sigs, blobs) for lo in range(0, len(all_pairs), chunk)
        ]
        done = engine.run(pipeline._VerifyTask(kw), tasks)
        edges = [e for scores, _ in done for e in scores]
        graph = family_graph(edges, threshold=opts.family_threshold)
        verifier = Verifier(
            sigs, blobs, threshold=opts.family_threshold, floor=pipeline.VERIFY_FLOOR
        )
        families = build_families(graph, verifier.score, threshold=opts.family_threshold)
        t_fam = time.monotonic() - t1
    finally:
        engine.close()
        cache.close()
    del verify_near, verify_pairs  # imported to show what the tasks run
    family_of: dict[int, str] = {m: f"f{k}" for k, f in enumerate(families) for m in f.members}
    report = {
        "documents": [
            {"id": s.id, "source": s.source, "index": s.record.index, "family": family_of.get(i)}
            for i, s in enumerate(speeches)
        ],
        "near_duplicates": [{"a": speeches[a].id, "b": speeches[b].id} for a, b, _ in near],
        "reused_passages": [],
        "stock_phrases": [],
    }
    acc = accuracy(report, src)
    return {
        "pairs": len(all_pairs),
        "near_seconds": t_near,
        "family_seconds": t_fam,
        "seconds": t_near + t_fam,
        "family": acc["family"],
        "near_recall": acc["near_recall"],
    }


def mib(n: float) -> str:
    return f"{n / 2**20:,.0f} MiB"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,5000,50000")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "speechdiff-bench")
    ap.add_argument("--no-baseline", action="store_true")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    results: dict[int, dict[str, Any]] = {}
    for k, n in enumerate(sizes):
        src = corpus(args.work, n, args.seed)
        out = args.work / f"out-{n}-s{args.seed}"
        log(f"batch on {n} speeches ...")
        res = run_batch(src, out, args.workers)
        report = json.loads((out / "report.json").read_text(encoding="utf-8"))
        res["accuracy"] = accuracy(report, src)
        res["parse"] = parse_share(src)
        res["bytes"] = sum(p.stat().st_size for p in src.rglob("*.txt"))
        if k == 0 and not args.no_baseline:
            log(f"all-pairs baseline on {n} speeches ...")
            res["baseline"] = baseline(src, out, args.workers)
        results[n] = res
        show(n, res)
    (args.work / "results.json").write_text(json.dumps(results, indent=1, default=str))
    if len(sizes) > 1:
        a, b = sizes[0], sizes[-1]
        per_a = results[a]["wall"] / a
        per_b = results[b]["wall"] / b
        print(
            f"\nscaling {a} → {b}: time per speech × {per_b / per_a:.2f} "
            f"(1.00 = linear), wall × {results[b]['wall'] / results[a]['wall']:.1f} "
            f"for × {b / a:.0f} speeches"
        )
    return 0


def show(n: int, res: dict[str, Any]) -> None:
    run, acc = res["run"], res["accuracy"]
    sec = run["seconds"]
    fam = run["families"]
    per_k = res["wall"] / (n / 1000)
    print(
        f"\n== {n} speeches, {res['bytes'] / 1e6:.1f} MB of files, engine {run['engine']} "
        f"× {run['workers']} workers"
    )
    print(
        f"wall {res['wall']:.1f}s   per 1k speeches {per_k:.2f}s   "
        f"peak memory {mib(res['peak_tree'])} (all processes), {mib(res['peak_main'])} (main)"
    )
    print(
        "stages: "
        + ", ".join(f"{k} {v:.1f}s" for k, v in sec.items())
        + f"; report and diffs {res['wall'] - sum(sec.values()):.1f}s (incl. start-up)"
    )
    p = res["parse"]
    share = p["parse_per_doc"] / p["analyse_per_doc"]
    print(
        f"per-file stage {p['analyse_per_doc'] * 1e3:.2f} ms/speech on one core, of which "
        f"decode+parse {p['parse_per_doc'] * 1e3:.2f} ms ({share:.0%})"
    )
    print(
        f"skeleton pairs verified {fam.get('scored_pairs', 0):,}, sent to align "
        f"{fam.get('aligned_pairs', 0):,} ({fam.get('align_seconds', 0):.2f}s inside align, "
        f"{fam.get('align_failures', 0)} failures)"
    )
    f = acc["family"]
    print(
        f"families: precision {f['precision']:.3f} recall {f['recall']:.3f} F1 {f['f1']:.3f};  "
        f"near-duplicates recall {acc['near_recall']:.3f} precision {acc['near_precision']:.3f};  "
        f"reuse recall {acc['reuse_recall']:.3f};  speeches {acc['speeches_found']}/"
        f"{acc['speeches_true']}"
    )
    if "baseline" in res:
        b = res["baseline"]
        pair_stages = sec["near"] + sec["families"]
        print(
            f"all-pairs baseline: {b['pairs']:,} pairs, {b['seconds']:.1f}s for the pair stages "
            f"(near {b['near_seconds']:.1f}s, skeletons+families {b['family_seconds']:.1f}s) vs "
            f"{pair_stages:.1f}s indexed: × {b['seconds'] / pair_stages:.1f}; whole run "
            f"× {(b['seconds'] + res['wall'] - pair_stages) / res['wall']:.1f}"
        )
        bf = b["family"]
        print(
            f"  baseline accuracy: families P {bf['precision']:.3f} R {bf['recall']:.3f} "
            f"F1 {bf['f1']:.3f}, near recall {b['near_recall']:.3f}"
        )


if __name__ == "__main__":
    sys.exit(main())
