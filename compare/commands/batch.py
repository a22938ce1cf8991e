"""``speechdiff batch PATH… --out DIR``: families, near-duplicates and reused passages.

Results are files in DIR (report.json, report.html, three CSV files); stdout
gets a short summary table of what was found (the command's result, so it can be
piped or logged), stderr the progress bar. Exit status 0 even when some files
could not be read (they are listed in the report's ``errors``), 2 when the
arguments are unusable (nothing matched, DIR not writable, no dask scheduler).

The batch package (numpy, scipy, networkx, dask) is imported inside
:func:`run` so that ``speechdiff parse`` never pays for it.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..textio import os_reason

if TYPE_CHECKING:
    from ..batch.pipeline import BatchResult

EXIT_OK, EXIT_USAGE = 0, 2


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "paths", nargs="+", metavar="PATH", help="files, folders (walked recursively) or globs"
    )
    p.add_argument(
        "-o", "--out", required=True, metavar="DIR", help="folder for the report (created)"
    )
    p.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local: a process pool (default); dask: dask.distributed",
    )
    p.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="worker processes (default: all cores, at most 4 per core); with dask and no "
        "--scheduler, the size of the local cluster",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="join an existing dask cluster (tcp://host:8786); needs --engine dask",
    )
    p.add_argument(
        "--resume",
        action="store_true",
        help="reuse finished work cached in DIR by an earlier (killed) run",
    )
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p.add_argument(
        "--progress",
        action="store_true",
        help="when stderr is not a terminal, also a line as each stage starts and ends "
        "(a line every 10 s while a stage runs is always printed)",
    )
    p.add_argument(
        "--family-threshold",
        type=float,
        default=None,
        metavar="S",
        help="template score for two speeches to share a template family (default 0.6)",
    )
    p.add_argument(
        "--near-threshold",
        type=float,
        default=None,
        metavar="S",
        help="text similarity for a near copy (default 0.7)",
    )
    p.add_argument(
        "--stock-min-docs",
        type=int,
        default=None,
        metavar="N",
        help="a clause in N or more speeches is a stock phrase "
        "(default a tenth of the speeches, at least 5)",
    )
    p.add_argument(
        "--max-diffs",
        type=int,
        default=200,
        metavar="N",
        help="render at most N diff pages for report.html (default 200)",
    )
    p.add_argument(
        "--diff-seconds",
        type=float,
        default=30.0,
        metavar="S",
        help="start no new diff page after S seconds on them (default 30)",
    )


def _usage(message: str) -> int:
    print(f"speechdiff: batch: {message}", file=sys.stderr)
    return EXIT_USAGE


def _writable(out: Path) -> str | None:
    """Why ``out`` cannot hold the report, or None."""
    if out.exists() and not out.is_dir():
        return f"{out}: not a directory"
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except FileExistsError:
        return f"{out}: not a directory"
    except OSError as exc:
        return f"cannot write to {out}: {os_reason(exc)}"
    return None


def _summary(result: BatchResult, out: Path, seconds: float) -> str:
    from ..batch.progress import format_duration

    def level(name: str) -> tuple[str, str]:
        sizes = [len(f.family.members) for f in result.families if f.level == name]
        note = f"covering {sum(sizes)} speeches, largest {max(sizes)}" if sizes else ""
        return str(len(sizes)), note

    rows = [
        (
            "files",
            str(result.stats.get("files", 0)),
            f"{len(result.errors)} errors, {len(result.skipped)} skipped",
        ),
        ("speeches", str(len(result.speeches)), ""),
        ("plans", *level("outline")),
        ("templates", *level("template")),
        ("near-duplicates", str(len(result.near)), ""),
        ("reused passages", str(len(result.passages)), ""),
        ("stock phrases", str(len(result.stock)), ""),
        ("time", format_duration(seconds), ""),
    ]
    lines = [f"speechdiff batch: report in {out}/"]
    lines += [f"  {name:<16}{value:>8}  {note}".rstrip() for name, value, note in rows]
    return "\n".join(lines) + "\n"


def max_workers() -> int:
    """The most worker processes ``--workers`` may ask for: four per core, at least 8."""
    return max(8, 4 * (os.cpu_count() or 1))


def _check(args: argparse.Namespace) -> str | None:
    """Why the options cannot be used, or None."""
    top = max_workers()
    if args.workers is not None and not 1 <= args.workers <= top:
        return f"--workers must be between 1 and {top}, not {args.workers}"
    if args.scheduler and args.engine != "dask":
        return "--scheduler needs --engine dask"
    if args.max_diffs < 0:
        return "--max-diffs must not be negative"
    if not args.diff_seconds >= 0:
        return "--diff-seconds must not be negative"
    for name in ("family_threshold", "near_threshold"):
        value = getattr(args, name)
        if value is not None and not 0.0 < value <= 1.0:
            return f"--{name.replace('_', '-')} must be in (0, 1]"
    return None


def run(args: argparse.Namespace) -> int:
    from ..batch import pipeline, report, report_html
    from ..batch.engines import DASK_MISSING, EngineError, dask_available, make_engine
    from ..batch.ingest import expand_inputs
    from ..batch.progress import Progress
    from ..batch.resume import Cache

    started = time.monotonic()
    problem = _check(args)
    if problem:
        return _usage(problem)
    if args.engine == "dask" and not dask_available():
        return _usage(DASK_MISSING)
    out = Path(args.out)
    inputs = expand_inputs(args.paths, exclude=[str(out)])
    if not inputs.files:
        named = ", ".join(f"{src} ({why})" for src, why in inputs.errors) or "only hidden files"
        return _usage(f"no input files matched: {named}")
    problem = _writable(out)
    if problem:
        return _usage(problem)
    opts_kw: dict[str, Any] = {}
    if args.family_threshold is not None:
        opts_kw["family_threshold"] = args.family_threshold
    if args.near_threshold is not None:
        opts_kw["near_threshold"] = args.near_threshold
    if args.stock_min_docs is not None:
        opts_kw["stock_min_docs"] = max(2, args.stock_min_docs)
    opts = pipeline.BatchOptions(**opts_kw)
    try:
        engine = make_engine(args.engine, workers=args.workers, scheduler=args.scheduler)
    except EngineError as exc:
        return _usage(str(exc))
    progress = Progress(quiet=args.quiet, lines=args.progress)
    cache = None
    try:
        # The old run.json marks the old run as whole: it goes before anything changes.
        (out / report.RUN_FILE).unlink(missing_ok=True)
        cache = Cache(out, resume=args.resume)
        result = pipeline.run_batch(
            inputs, str(out), opts, engine=engine, cache=cache, progress=progress
        )
        seconds = result.stats.setdefault("seconds", {})
        t = time.monotonic()
        pages = report_html.Pages({}, 0)
        note = ""
        if report_html.renderer_available():
            pairs = report_html.diff_pairs(result, max_diffs=args.max_diffs)
            pages = report_html.render_pages(
                result, pairs, engine, progress, seconds=args.diff_seconds
            )
            note = pages.note()
        else:
            note = "Diff pages need the alignment engine (compare.align), which is not installed."
        seconds["diff_pages"] = round(time.monotonic() - t, 3)
        t = time.monotonic()
        progress.stage("writing", 0)
        report.write_report(result, out)
        report_html.write_html(result, out, rendered=pages.rendered, note=note)
        progress.end()
        seconds["writing"] = round(time.monotonic() - t, 3)
        report.write_run(
            out,
            {
                "complete": True,
                "engine": engine.name,
                "workers": engine.workers,
                "resume": args.resume,
                "seconds_total": round(time.monotonic() - started, 3),
                **result.stats,
                "diff_pages": {
                    "wanted": pages.wanted,
                    "rendered": len(pages.rendered),
                    "too_long": pages.too_long,
                    "out_of_time": pages.out_of_time,
                    "failed": pages.failed,
                },
            },
        )
    except OSError as exc:
        where = exc.filename if exc.filename is not None else out
        return _usage(f"cannot write {where}: {os_reason(exc)} (the run is not complete)")
    except EngineError as exc:
        return _usage(str(exc))
    finally:
        progress.close()
        engine.close()
        if cache is not None:
            cache.close()
    fam = result.stats.get("families", {})
    if fam.get("align_failures"):
        print(
            f"speechdiff: batch: the alignment engine failed on {fam['align_failures']} skeleton "
            f"pairs (first: {fam['align_first_failure']}); the pre-filter's scores were kept",
            file=sys.stderr,
        )
    if result.warnings:
        first, why = result.warnings[0]
        print(
            f"speechdiff: batch: {len(result.warnings)} file(s) read with bytes replaced "
            f"(first: {first}: {why}); see 'warnings' in report.json",
            file=sys.stderr,
        )
    sys.stdout.write(_summary(result, out, time.monotonic() - started))
    return EXIT_OK
