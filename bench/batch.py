"""Batch mode: accuracy on every development corpus beside naive baselines, then scale.

Usage: python bench/batch.py [--corpora gen190,gen5549,bills,clough,zh]
                             [--scale 1000,5000,20000[,50000]] [--scale-mode M]
                             [--seed S] [--workers N] [--work DIR]

**Accuracy** (``--corpora``; all by default). ``speechdiff batch`` runs on each corpus
in a child process with default settings; the naive baselines of
``bench/baselines.py`` run on the same files in this process. Printed per corpus:
family precision, recall and F1 (pairwise co-membership; a document in no family
stands alone) at the **outline** and the **template** level, the baseline's beside.

- ``gen190`` / ``gen5549``: the adversarial generator (``bench/corpusgen.py``, seed
  ``--seed``) at 190 and 5,549 speeches; also near-duplicate and reuse recall.
  Baseline: heading-sequence ratio + connected components.
- ``bills``: ``shared/corpora/us_model_bills`` (labels.json ``cluster``: one model
  bill, both levels). Baseline: TF-IDF cosine + connected components.
- ``clough``: ``shared/corpora/clough_stevenson``: reused answers (cut, light, heavy)
  linked to their own source, independent answers linked to anything (a reused
  passage or a near copy; how many documents, and independent answers, landed in
  template families is printed apart). Baseline: word 3-gram containment.
- ``zh``: the 31 provincial reports and fixtures/seeds against the hand labels of
  ``bench/labels/zh_real.json`` (written before batch was run on them). Baseline:
  heading-sequence ratio + components.

**Scale** (``--scale``, ``--scale-mode adversarial|classic``): generated corpora of the
given sizes, wall time, peak memory of the whole process tree, stage times, pairs sent
to the alignment engine and the exponent of their growth (a least-squares fit of log
pairs on log speeches).
"""

from __future__ import annotations

import argparse
import collections
import itertools
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" if (ROOT.parent / "shared").exists() else Path("/work/shared")
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import baselines
from corpusgen import Settings, generate

LEVELS = ("outline", "template")


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def corpus(work: Path, n: int, seed: int, mode: str = "adversarial") -> Path:
    path = work / f"{mode}-{n}-s{seed}"
    if not (path / "truth.json").exists():
        log(f"generating {n} speeches in {path} ...")
        t = time.monotonic()
        generate(Settings(docs=n, seed=seed, mode=mode), path)
        log(f"  generated in {time.monotonic() - t:.1f}s")
    return path


def run_batch(
    src: Path | Sequence[Path], out: Path, workers: int | None, extra: Sequence[str] = ("--quiet",)
) -> dict[str, Any]:
    """Run ``speechdiff batch`` in a child process; wall time, peak memory, report, stderr."""
    srcs = [src] if isinstance(src, Path) else list(src)
    cmd = [sys.executable, "-m", "compare", "batch", *map(str, srcs), "--out", str(out), *extra]
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
    return {
        "wall": wall,
        "peak_tree": peak_tree,
        "peak_main": peak_main,
        "run": json.loads((out / "run.json").read_text(encoding="utf-8")),
        "report": json.loads((out / "report.json").read_text(encoding="utf-8")),
        "summary": stdout.decode(),
        "stderr": stderr.decode(),
    }


# -- reading a report ---------------------------------------------------------------


def memberships(report: dict[str, Any]) -> dict[str, dict[str, str | None]]:
    """Per level, document id -> family id (reports without levels: one level for both)."""
    out: dict[str, dict[str, str | None]] = {lv: {} for lv in LEVELS}
    for fam in report["families"]:
        levels = [fam["level"]] if "level" in fam else list(LEVELS)
        for lv in levels:
            for m in fam["members"]:
                out[lv][m] = fam["id"]
    return out


def by_key(report: dict[str, Any], key_of: Callable[[str, int], str | None]) -> dict[str, str]:
    """Truth key -> document id. A file the parser split is represented by its largest speech."""
    best: dict[str, tuple[int, str]] = {}
    for d in report["documents"]:
        k = key_of(d["source"], d["index"])
        if k is None:
            continue
        if k not in best or d.get("chars", 0) > best[k][0]:
            best[k] = (d.get("chars", 0), d["id"])
    return {k: v[1] for k, v in best.items()}


def per_file(source: str, index: int) -> str:
    del index
    return Path(source).name


def level_scores(
    report: dict[str, Any], ids: dict[str, str], truth: dict[str, dict[str, str | None]]
) -> dict[str, dict[str, float]]:
    fams = memberships(report)
    out = {}
    for lv in LEVELS:
        pred = {k: fams[lv].get(ids[k]) if k in ids else None for k in truth[lv]}
        out[lv] = baselines.family_scores(pred, truth[lv])
    return out


def fmt(s: dict[str, float]) -> str:
    return f"P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f}"


def show_levels(r: dict[str, Any], base_name: str, threshold: float) -> None:
    got, base, sweep = r["got"], r["base"], r["sweep"]
    for lv in LEVELS:
        print(
            f"  {lv:8s} speechdiff {fmt(got[lv])}   |  {base_name} >= {threshold}: "
            f"{fmt(base[lv])} (best of sweep F1 {sweep[lv][0]:.3f} at {sweep[lv][1]})"
        )


# -- corpora ------------------------------------------------------------------------


def headings_of(path: Path) -> dict[tuple[str, int], list[str]]:
    """Every heading of every speech of a file (all levels, in order), as the parser reads them."""
    from compare.batch.canon import heading_key
    from compare.parse import parse_file
    from compare.textio import InputError

    try:
        parsed = parse_file(path)
    except InputError:
        return {}
    return {
        (str(path), d.index): [heading_key(s.heading) for s in d.walk()] for d in parsed.documents
    }


def heading_baseline(
    heads: dict[str, list[str]], truth: dict[str, dict[str, str | None]]
) -> tuple[dict[str, dict[str, float]], dict[str, tuple[float, float]]]:
    """Heading-sequence ratio + components at its fixed threshold, and its best of sweep."""
    keys = sorted(heads)
    sims = baselines.heading_matrix([heads[k] for k in keys])
    labels = baselines.threshold_families(sims, baselines.HEADING_T)
    pred = {k: (None if x is None else str(x)) for k, x in zip(keys, labels, strict=True)}
    base = {lv: baselines.family_scores(pred, truth[lv]) for lv in LEVELS}
    sweep = {lv: baselines.best_of_sweep(sims, keys, truth[lv]) for lv in LEVELS}
    return base, sweep


def generated(work: Path, n: int, seed: int, workers: int | None) -> dict[str, Any]:
    src = corpus(work, n, seed)
    out = work / f"out-adversarial-{n}-s{seed}"
    log(f"batch on the adversarial corpus of {n} ...")
    res = run_batch([src], out, workers)
    report = res["report"]
    truth_doc = json.loads((src / "truth.json").read_text(encoding="utf-8"))
    truth: dict[str, dict[str, str | None]] = {lv: {} for lv in LEVELS}
    copies: dict[str, set[str]] = collections.defaultdict(set)
    reuse: set[frozenset[str]] = set()
    for f in truth_doc["files"]:
        for i, s in enumerate(f["speeches"]):
            name = f"{f['path']}#{i}"
            truth["outline"][name] = s.get("outline", s["family"])
            truth["template"][name] = s.get("template", s["family"])
            if s["copy_of"]:
                copies[s["copy_of"]].update((name, s["copy_of"]))
            for other in s["reuses"]:
                reuse.add(frozenset((name, other)))

    def key_of(source: str, index: int) -> str:
        return f"{os.path.relpath(source, src)}#{index}"

    ids = by_key(report, key_of)
    got = level_scores(report, ids, truth)
    names = {v: k for k, v in ids.items()}
    near_truth = {
        frozenset(p) for g in copies.values() for p in itertools.combinations(sorted(g), 2)
    }
    near_pred = {
        frozenset((names.get(x["a"]), names.get(x["b"]))) for x in report["near_duplicates"]
    }
    passage_pairs = {
        frozenset((names.get(p["a"]), names.get(p["b"]))) for p in report["reused_passages"]
    }
    log("  heading-sequence baseline ...")
    t = time.monotonic()
    heads: dict[str, list[str]] = {}
    for f in truth_doc["files"]:
        for (_, idx), h in headings_of(src / f["path"]).items():
            heads[f"{f['path']}#{idx}"] = h
    base, sweep = heading_baseline(heads, truth)
    return {
        "got": got,
        "base": base,
        "sweep": sweep,
        "base_seconds": time.monotonic() - t,
        "wall": res["wall"],
        "near_recall": len(near_truth & near_pred) / max(1, len(near_truth)),
        "near_precision": len(near_truth & near_pred) / max(1, len(near_pred)),
        "reuse_recall": len(reuse & passage_pairs) / max(1, len(reuse)),
        "run": res["run"],
    }


def bills(work: Path, workers: int | None) -> dict[str, Any]:
    src = SHARED / "corpora" / "us_model_bills"
    labels = json.loads((src / "labels.json").read_text(encoding="utf-8"))
    truth = {lv: {f: str(v["cluster"]) for f, v in labels.items()} for lv in LEVELS}
    sizes = collections.Counter(truth["template"].values())
    for lv in LEVELS:  # a cluster of one is a document in no family
        truth[lv] = {f: (c if sizes[c] > 1 else None) for f, c in truth[lv].items()}
    log("batch on the US model bills ...")
    res = run_batch([src], work / "out-bills", workers)
    ids = by_key(res["report"], per_file)
    got = level_scores(res["report"], ids, truth)
    files = sorted(labels)
    texts = [(src / f).read_text(encoding="utf-8", errors="replace") for f in files]
    sims = baselines.tfidf_matrix(texts)
    lab = baselines.threshold_families(sims, baselines.TFIDF_T)
    pred = {f: (None if x is None else str(x)) for f, x in zip(files, lab, strict=True)}
    base = {lv: baselines.family_scores(pred, truth[lv]) for lv in LEVELS}
    sweep = {lv: baselines.best_of_sweep(sims, files, truth[lv]) for lv in LEVELS}
    joined, made = bill_borrowers(work, src, labels, workers)
    return {
        "got": got,
        "base": base,
        "sweep": sweep,
        "wall": res["wall"],
        "borrowers": made,
        "borrowers_joined": joined,
    }


def bill_borrowers(
    work: Path, src: Path, labels: dict[str, Any], workers: int | None, n: int = 10
) -> tuple[int, int]:
    """Hard negatives in English: texts of their own (five Clough answers each, no
    answer used twice) that take one block of lines, 10-25 % of a bill of a labelled
    cluster, into their middle. Run with the bills; how many land in a template family
    with a bill. They are members of nothing."""
    rng = random.Random(11)
    answers = sorted((SHARED / "corpora" / "clough_stevenson").glob("task*_answer*.txt"))
    rng.shuffle(answers)
    sizes = collections.Counter(v["cluster"] for v in labels.values())
    donors = sorted(f for f, v in labels.items() if sizes[v["cluster"]] > 1)
    out = work / "bill-borrowers"
    out.mkdir(parents=True, exist_ok=True)
    for f in labels:
        (out / f).write_bytes((src / f).read_bytes())
    for k in range(n):
        own = "\n\n".join(a.read_text(encoding="utf-8") for a in answers[5 * k : 5 * k + 5])
        lines = (src / rng.choice(donors)).read_text(encoding="utf-8").splitlines()
        want, start = rng.uniform(0.10, 0.25), rng.randrange(len(lines))
        block: list[str] = []
        total = sum(len(x) for x in lines)
        for line in lines[start:] + lines[:start]:
            if sum(len(x) for x in block) >= want * total:
                break
            block.append(line)
        cut = own.find("\n", len(own) // 2)
        text = own[:cut] + "\n\n" + "\n".join(block) + "\n\n" + own[cut:]
        (out / f"borrower_{k}.txt").write_text(text, encoding="utf-8")
    res = run_batch([out], work / "out-bill-borrowers", workers)
    name = {d["id"]: Path(d["source"]).name for d in res["report"]["documents"]}
    joined = set()
    for fam in res["report"]["families"]:
        members = [name[m] for m in fam["members"]]
        if fam["level"] == "template" and any(m in labels for m in members):
            joined |= {m for m in members if m.startswith("borrower_")}
    return len(joined), n


def clough(work: Path, workers: int | None) -> dict[str, Any]:
    src = SHARED / "corpora" / "clough_stevenson"
    labels = json.loads((src / "labels.json").read_text(encoding="utf-8"))
    log("batch on Clough & Stevenson ...")
    res = run_batch([src], work / "out-clough", workers)
    report = res["report"]
    ids = by_key(report, per_file)
    names = {v: k for k, v in ids.items()}
    links: set[frozenset[str | None]] = set()
    for p in report["reused_passages"]:
        links.add(frozenset((names.get(p["a"]), names.get(p["b"]))))
    for p in report["near_duplicates"]:
        links.add(frozenset((names.get(p["a"]), names.get(p["b"]))))
    fam = memberships(report)["template"]
    in_families = {names.get(d, d) for d in fam}
    files = sorted(p.name for p in src.glob("*.txt"))
    texts = [(src / f).read_text(encoding="utf-8", errors="replace") for f in files]
    base_links = {frozenset(files[i] for i in pair) for pair in baselines.containment_links(texts)}

    def count(found: set[frozenset[Any]]) -> dict[str, Any]:
        reused = [a for a, v in labels.items() if v["level"] != "non"]
        own = [a for a in reused if frozenset((a, labels[a]["source"])) in found]
        missed = sorted(set(reused) - set(own))
        by_level = collections.Counter(labels[a]["level"] for a in own)
        independent = [a for a, v in labels.items() if v["level"] == "non"]
        false = [a for a in independent if any(a in pair for pair in found)]
        return {
            "own": len(own),
            "reused": len(reused),
            "by_level": dict(by_level),
            "independent_linked": len(false),
            "independent_to_source": sum(
                frozenset((a, labels[a]["source"])) in found for a in independent
            ),
            "independent": len(independent),
            "missed": missed,
            "false": false,
        }

    return {
        "got": count(links),
        "base": count(base_links),
        "wall": res["wall"],
        "passages": len(report["reused_passages"]),
        "families": len(in_families),
        "independent_in_families": len(
            in_families & {a for a, v in labels.items() if v["level"] == "non"}
        ),
    }


def zh(work: Path, workers: int | None) -> dict[str, Any]:
    lab = json.loads((ROOT / "bench" / "labels" / "zh_real.json").read_text(encoding="utf-8"))
    roots = {
        name: (Path(p) if Path(p).is_absolute() else ROOT / p) for name, p in lab["roots"].items()
    }
    roots["gwr_provincial_2026"] = SHARED / "corpora" / "gwr_provincial_2026"
    truth = {lv: {k: v[lv] for k, v in lab["labels"].items()} for lv in LEVELS}
    log("batch on the real Chinese corpus ...")
    res = run_batch(list(roots.values()), work / "out-zh", workers)

    def key_of(source: str, index: int) -> str | None:
        for name, root in roots.items():
            if Path(source).resolve().parent == root.resolve():
                return f"{name}/{Path(source).name}#{index}"
        return None

    ids = {
        k: v
        for k, v in {
            key_of(d["source"], d["index"]): d["id"] for d in res["report"]["documents"]
        }.items()
        if k is not None
    }
    got = level_scores(res["report"], ids, truth)
    heads: dict[str, list[str]] = {}
    for name, root in roots.items():
        for path in sorted(root.glob("*.txt")):
            for (_, idx), h in headings_of(path).items():
                heads[f"{name}/{path.name}#{idx}"] = h
    base, sweep = heading_baseline(heads, truth)
    near = [(x["a"], x["b"]) for x in res["report"]["near_duplicates"]]
    return {"got": got, "base": base, "sweep": sweep, "wall": res["wall"], "near": near}


# -- scale --------------------------------------------------------------------------


def mib(n: float) -> str:
    return f"{n / 2**20:,.0f} MiB"


def scale(
    work: Path, sizes: Sequence[int], seed: int, workers: int | None, mode: str = "adversarial"
) -> None:
    rows = []
    for n in sizes:
        src = corpus(work, n, seed, mode)
        log(f"batch on {n} speeches ({mode}) ...")
        res = run_batch([src], work / f"out-{mode}-{n}-s{seed}", workers)
        run = res["run"]
        fam = run.get("families", {})
        size = sum(p.stat().st_size for p in src.rglob("*.txt"))
        aligned = fam.get("aligned_pairs", 0)
        rows.append((n, aligned))
        sec = run["seconds"]
        print(
            f"\n== {n} speeches, {size / 1e6:.1f} MB: wall {res['wall']:.1f}s "
            f"({res['wall'] / (n / 1000):.2f}s per 1k), peak {mib(res['peak_tree'])} all "
            f"processes ({mib(res['peak_main'])} main), {run['engine']} x {run['workers']}"
        )
        print("   stages: " + ", ".join(f"{k} {v:.1f}s" for k, v in sec.items()))
        print(
            f"   skeleton pairs scored {fam.get('scored_pairs', 0):,}, sent to align {aligned:,} "
            f"({fam.get('align_seconds', 0):.1f}s inside align)"
        )
    usable = [(n, a) for n, a in rows if a > 0]
    if len(usable) >= 2:
        xs = [math.log(n) for n, _ in usable]
        ys = [math.log(a) for _, a in usable]
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
            (x - mx) ** 2 for x in xs
        )
        print(
            "\npairs sent to the alignment engine: "
            + " -> ".join(f"{a:,}" for _, a in usable)
            + " at "
            + "/".join(f"{n:,}" for n, _ in usable)
            + f" speeches: grows as N^{slope:.2f} (target: at most N^1.1)"
        )


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpora", default="gen190,gen5549,bills,clough,zh")
    ap.add_argument("--scale", default="")
    ap.add_argument("--scale-mode", choices=["adversarial", "classic"], default="adversarial")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "speechdiff-bench")
    args = ap.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    chosen = [c for c in args.corpora.split(",") if c]
    results: dict[str, Any] = {}
    for name in chosen:
        if name.startswith("gen"):
            n = int(name[3:])
            r = generated(args.work, n, args.seed, args.workers)
            print(
                f"\n== generated (adversarial, seed {args.seed}), {n} speeches, "
                f"batch {r['wall']:.1f}s"
            )
            show_levels(r, "heading-seq+components", baselines.HEADING_T)
            print(
                f"  near-duplicates recall {r['near_recall']:.3f} precision "
                f"{r['near_precision']:.3f}; reused-paragraph recall {r['reuse_recall']:.3f}"
            )
        elif name == "bills":
            r = bills(args.work, args.workers)
            print(f"\n== US model bills (dev), batch {r['wall']:.1f}s")
            show_levels(r, "TF-IDF cosine+components", baselines.TFIDF_T)
            print(
                f"  hard negatives (texts of their own holding 10-25 % of a bill): "
                f"{r['borrowers_joined']} of {r['borrowers']} in a family with a bill"
            )
        elif name == "clough":
            r = clough(args.work, args.workers)
            g, b = r["got"], r["base"]
            print(
                f"\n== Clough & Stevenson (dev), batch {r['wall']:.1f}s, {r['passages']} passages"
            )
            print(
                f"  speechdiff: {g['own']} of {g['reused']} reused answers linked to their source "
                f"{g['by_level']}; {g['independent_linked']} of {g['independent']} "
                f"independent linked ({g['independent_to_source']} to their source)"
            )
            print(
                f"  word 3-gram containment >= {baselines.CONTAIN_T}: {b['own']} of {b['reused']} "
                f"{b['by_level']}; {b['independent_linked']} of {b['independent']} "
                f"independent linked ({b['independent_to_source']} to their source)"
            )
            print(
                f"  template families hold {r['families']} documents, of them "
                f"{r['independent_in_families']} independent answers"
            )
            print(
                f"  not linked: {', '.join(g['missed'])}; independent linked: "
                f"{', '.join(g['false'])}"
            )
        elif name == "zh":
            r = zh(args.work, args.workers)
            print(
                f"\n== real Chinese corpus (31 provincial reports + seeds), batch {r['wall']:.1f}s"
            )
            show_levels(r, "heading-seq+components", baselines.HEADING_T)
            print(f"  near-duplicate pairs: {len(r['near'])}")
        else:
            raise SystemExit(f"unknown corpus {name}")
        results[name] = {k: v for k, v in r.items() if k != "run"}
    if args.scale:
        sizes = [int(s) for s in args.scale.split(",")]
        scale(args.work, sizes, args.seed, args.workers, args.scale_mode)
    (args.work / "results.json").write_text(json.dumps(results, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
