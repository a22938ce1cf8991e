"""What several commands share: argument checks and the notes they print on stderr."""

from __future__ import annotations

import os
import sys

from ..model import ParsedFile
from ..parse import undecodable_note

__all__ = ["MAX_WIDTH", "MIN_WIDTH", "env_columns", "out_of_range", "warn_replaced"]

MIN_WIDTH, MAX_WIDTH = 40, 1000


def warn_replaced(parsed: ParsedFile) -> None:
    """One line on stderr when bytes of the file were not valid in its encoding."""
    note = undecodable_note(parsed)
    if note:
        print(f"speechdiff: {parsed.source}: {note}", file=sys.stderr)


def env_columns(default: int) -> int:
    """``$COLUMNS`` when it holds a usable width, else ``default`` (empty or junk is ignored)."""
    try:
        value = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        return default
    return min(max(value, MIN_WIDTH), MAX_WIDTH) if value > 0 else default


def out_of_range(option: str, index: int, count: int) -> str:
    """The reason for a ``--doc-a``/``--doc-b`` outside the file (diff and tui say it alike)."""
    held = f"{count} speech" if count == 1 else f"{count} speeches"
    return f"{option} {index} is out of range: the file holds {held} (0–{count - 1})"
