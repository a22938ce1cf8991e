"""``speechdiff parse FILE… [--format tree|json]``: the outline of every speech in each file."""

from __future__ import annotations

import argparse
import sys

from ..parse import parse_file
from ..render.outline import dumps, outline_json, outline_tree
from ..textio import InputError
from .common import warn_replaced


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="text (UTF-8, GB18030, UTF-16), .docx or PDF files; - reads standard input",
    )
    p.add_argument(
        "--format",
        choices=("tree", "json", "text"),
        default="tree",
        help="tree: indented outline for people (default); json: see README; text: the text "
        "read from each file, as every span indexes it (a git textconv for .docx and PDF)",
    )
    p.add_argument("--compact", action="store_true", help="JSON on one line per file")


def run(args: argparse.Namespace) -> int:
    status = 0
    results = []
    for path in args.files:
        try:
            parsed = parse_file(path)
        except InputError as exc:
            print(f"speechdiff: {exc}", file=sys.stderr)
            status = 2
            continue
        warn_replaced(parsed)
        if args.format == "tree":
            sys.stdout.write(outline_tree(parsed) + "\n")
        elif args.format == "text":
            sys.stdout.write(parsed.text)
        else:
            results.append(outline_json(parsed))
    if args.format == "json" and results:
        indent = None if args.compact else 2
        if len(args.files) == 1:
            sys.stdout.write(dumps(results[0], indent=indent) + "\n")
        else:
            sys.stdout.write(dumps(results, indent=indent) + "\n")
    return status
