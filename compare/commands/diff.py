"""``speechdiff diff A B``: the structural diff of two speeches, in six formats.

Exit status as diff(1): 0 when the two speeches are identical (same skeleton and
text), 1 when they differ, 2 on trouble (unreadable file, no speech, bad option).
Results go to stdout; notes and errors to stderr, one line each.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from typing import TYPE_CHECKING

from ..defaults import CONTEXT_WEIGHT, GAP_THRESHOLD, HEADING_WEIGHT, TEXT_WEIGHT, THRESHOLD
from ..model import Document
from ..parse import parse_file
from .common import MAX_WIDTH, MIN_WIDTH, env_columns, out_of_range, warn_replaced

if TYPE_CHECKING:
    import networkx as nx

FORMATS = ("text", "json", "html", "markdown", "docx", "graphml", "dot")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("a", metavar="A", help="the earlier (or reference) text file")
    p.add_argument("b", metavar="B", help="the later (or compared) text file")
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text: side by side for a terminal (default); json: see README; html: "
        "self-contained 对照表; markdown; docx: the 修改对照表 as a Word file (needs -o FILE "
        "unless stdout is redirected); graphml / dot: the comparison graph",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the result to FILE (atomically) instead of stdout",
    )
    p.add_argument(
        "--lang",
        choices=("auto", "zh", "en"),
        default="auto",
        help="labels of the human views: zh 中文, en English, auto: the documents' language",
    )
    p.add_argument("--doc-a", type=int, metavar="N", help="speech N (from 0) of a compilation A")
    p.add_argument("--doc-b", type=int, metavar="N", help="speech N (from 0) of a compilation B")
    p.add_argument(
        "--threshold",
        type=float,
        default=THRESHOLD,
        help="content score a pair needs to match anywhere, across parents (default %(default)s)",
    )
    p.add_argument(
        "--gap-threshold",
        type=float,
        default=GAP_THRESHOLD,
        help="content score enough for siblings of matched parents and for the pieces of a "
        "split or merge; half of it for sections in the same slot between matched neighbours, "
        "two thirds in a short gap of unequal runs; raised to twice what two unrelated "
        "sections of the pair share by chance, where that is higher (default %(default)s)",
    )
    p.add_argument(
        "--heading-weight", type=float, default=HEADING_WEIGHT, help="default %(default)s"
    )
    p.add_argument("--text-weight", type=float, default=TEXT_WEIGHT, help="default %(default)s")
    p.add_argument(
        "--context-weight",
        type=float,
        default=CONTEXT_WEIGHT,
        help="share of places among siblings in a sibling pair's deciding score, "
        "default %(default)s",
    )
    p.add_argument(
        "--workers", type=int, default=1, help="threads for score matrices (-1: all cores)"
    )
    p.add_argument(
        "--no-fallback",
        action="store_true",
        help="never cut an unnumbered opening/closing into paragraphs",
    )
    p.add_argument(
        "--no-topics",
        action="store_true",
        help="no extra partners from shared policy areas (docs/diff.md, step 6)",
    )
    p.add_argument("--inline", action="store_true", help="text: show changes inside sections")
    p.add_argument(
        "--width",
        type=int,
        help=f"text: columns, {MIN_WIDTH} to {MAX_WIDTH} (default: the terminal's, or $COLUMNS)",
    )
    p.add_argument("--compact", action="store_true", help="json: on one line")


def _fail(message: str) -> int:
    print(f"speechdiff: {message}", file=sys.stderr)
    return 2


def _pick(path: str, index: int | None, flag: str) -> tuple[Document | None, str]:
    """The chosen speech of ``path`` and a note for stderr, or None and an error message."""
    parsed = parse_file(path)
    warn_replaced(parsed)
    docs = parsed.documents
    n = len(docs)
    if not n:
        return None, f"{path}: no speech found in the file"
    if index is None:
        note = f"{path} holds {n} speeches; comparing speech 0 (use {flag} N)" if n > 1 else ""
        return docs[0], note
    if not 0 <= index < n:
        return None, f"{path}: {out_of_range(flag, index, n)}"
    return docs[index], ""


def run(args: argparse.Namespace) -> int:
    if args.format == "docx" and not args.output and sys.stdout.isatty():
        return _fail("--format docx writes a Word file: give -o FILE (or redirect stdout)")
    for name in ("threshold", "gap_threshold"):
        value = getattr(args, name)
        if not 0.0 <= value <= 1.0:
            return _fail(f"--{name.replace('_', '-')} must be between 0 and 1, not {value}")
    if args.gap_threshold > args.threshold:
        return _fail("--gap-threshold must not be above --threshold")
    if args.workers != -1 and args.workers < 1:
        return _fail(f"--workers must be -1 (all cores) or at least 1, not {args.workers}")
    if args.width is not None and not MIN_WIDTH <= args.width <= MAX_WIDTH:
        return _fail(f"--width must be between {MIN_WIDTH} and {MAX_WIDTH}, not {args.width}")
    from ..align import Weights

    try:
        weights = Weights(args.heading_weight, args.text_weight, args.context_weight)
    except ValueError as exc:
        return _fail(f"bad weights: {exc}")
    a, note_a = _pick(args.a, args.doc_a, "--doc-a")
    if a is None:
        return _fail(note_a)
    b, note_b = _pick(args.b, args.doc_b, "--doc-b")
    if b is None:
        return _fail(note_b)
    for note in (note_a, note_b):
        if note:
            print(f"speechdiff: {note}", file=sys.stderr)

    from ..align import align
    from ..graph import comparison_graph

    alignment = align(
        a,
        b,
        threshold=args.threshold,
        gap_threshold=args.gap_threshold,
        weights=weights,
        workers=args.workers if args.workers == -1 else min(args.workers, os.cpu_count() or 1),
        fallback=not args.no_fallback,
        topics=not args.no_topics,
    )
    g = comparison_graph(alignment, source_a=args.a, source_b=args.b)
    out = _render(g, args)
    if args.output:
        _write(args.output, out)
    elif isinstance(out, bytes):
        sys.stdout.buffer.write(out)
    else:
        sys.stdout.write(out)
    sys.stdout.flush()
    return 0 if alignment.identical else 1


def _write(path: str, out: str | bytes) -> None:
    """Write ``out`` to ``path`` through a temporary file, so a reader never sees half."""
    from ..batch.atomic import write_bytes
    from ..textio import InputError

    try:
        write_bytes(path, out.encode("utf-8") if isinstance(out, str) else out)
    except OSError as exc:
        raise InputError(path, f"cannot write: {exc.strerror or exc}") from None


def _lang(args: argparse.Namespace) -> str | None:
    return None if args.lang == "auto" else str(args.lang)


def _render(g: nx.DiGraph, args: argparse.Namespace) -> str | bytes:
    fmt = args.format
    if fmt == "text":
        from ..render.text import render_text

        if args.width is not None:
            width = args.width
        elif sys.stdout.isatty():
            columns = shutil.get_terminal_size((120, 24)).columns
            width = min(max(columns, MIN_WIDTH), MAX_WIDTH)
        else:
            width = env_columns(120)
        return render_text(g, width=width, inline=args.inline, lang=_lang(args))
    if fmt == "json":
        from ..render.json import diff_json, dumps

        return dumps(diff_json(g), indent=None if args.compact else 2) + "\n"
    if fmt == "html":
        from ..render.html import render_html

        return render_html(g, lang=_lang(args))
    if fmt == "markdown":
        from ..render.markdown import render_markdown

        return render_markdown(g, lang=_lang(args))
    if fmt == "docx":
        from ..render.word import render_docx

        return render_docx(g, lang=_lang(args))
    from ..graph import to_dot, to_graphml

    return to_graphml(g) if fmt == "graphml" else to_dot(g)
