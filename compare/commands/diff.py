"""``speechdiff diff``: not built yet (see the issue tracker)."""

from __future__ import annotations

import argparse
import sys


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*")


def run(args: argparse.Namespace) -> int:
    print("speechdiff: 'diff' is not available yet", file=sys.stderr)
    return 2
