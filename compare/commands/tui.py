"""``speechdiff tui A B [--doc-a N] [--doc-b N]``: the side-by-side terminal UI.

The UI lives in a separate package found through the ``speechdiff.frontends``
entry point group (name ``tui``), so this headless core never imports textual,
rich or the ``tui`` package by name: ``speechdiff parse`` and ``diff`` stay
usable, and fast to start, where no terminal UI is installed.
"""

from __future__ import annotations

import argparse
import sys
from importlib.metadata import entry_points

from ..textio import STDIN

GROUP = "speechdiff.frontends"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("a", metavar="A", help="the first speech file (shown on the left)")
    p.add_argument("b", metavar="B", help="the second speech file (shown on the right)")
    p.add_argument(
        "--doc-a",
        type=int,
        metavar="N",
        help="which speech of A to compare when it holds several (0-based, as 'parse' numbers "
        "them); skips the picker",
    )
    p.add_argument("--doc-b", type=int, metavar="N", help="likewise for B")
    p.add_argument(
        "--keymap",
        metavar="FILE",
        help="TOML file remapping keys by binding id (default: $SPEECHDIFF_KEYMAP or "
        "~/.config/speechdiff/keymap.toml)",
    )
    p.add_argument("--theme", metavar="NAME", help="Textual theme (default: textual-dark)")
    p.add_argument(
        "--lang",
        choices=("auto", "zh", "en"),
        default="auto",
        help="labels: zh 中文, en English, auto: the documents' language",
    )


def run(args: argparse.Namespace) -> int:
    if STDIN in (args.a, args.b):
        print(
            "speechdiff: tui: - (standard input) cannot be read here: the terminal UI takes "
            "its keys from it; use a file, <(command), or 'speechdiff diff - B'",
            file=sys.stderr,
        )
        return 2
    found = entry_points(group=GROUP, name="tui")
    if not found:
        print(
            f"speechdiff: the terminal UI is not installed (no '{GROUP}' entry point "
            "named 'tui'); reinstall speechdiff",
            file=sys.stderr,
        )
        return 2
    frontend = next(iter(found)).load()
    return int(frontend(args))
