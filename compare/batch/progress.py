"""A plain-text progress bar on stderr: stage, counts, rate and time left.

No terminal library: one line rewritten with ``\\r``, at most ten times a second,
so it costs nothing next to the work it reports. It stays silent when stderr is
not a terminal (logs, CI, pipes) or when the user asked for ``--quiet``. On a
terminal each finished stage leaves one line: its counts and how long it took.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

__all__ = ["Progress", "format_duration"]

_WIDTH = 24
_INTERVAL = 0.1


def format_duration(seconds: float) -> str:
    """``1:05`` or ``1:02:03``."""
    s = max(0, round(seconds))
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


class Progress:
    """Reports stages on ``stream``; call :meth:`stage`, then :meth:`advance`, then :meth:`end`."""

    def __init__(self, *, stream: TextIO | None = None, quiet: bool = False) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.quiet = quiet
        isatty = getattr(self.stream, "isatty", None)
        self.live = not quiet and bool(isatty and isatty())
        self.label = ""
        self.unit = ""
        self.total = 0
        self.count = 0
        self._started = 0.0
        self._drawn = 0.0

    def stage(self, label: str, total: int, *, unit: str = "") -> None:
        """Start a stage of ``total`` steps (0 when the size is unknown)."""
        self.label, self.total, self.unit, self.count = label, total, unit, 0
        self._started = time.monotonic()
        self._drawn = 0.0
        self._draw(force=True)

    def advance(self, n: int = 1) -> None:
        self.count += n
        self._draw(force=False)

    def end(self, note: str = "") -> None:
        """Finish the stage: the bar becomes one summary line."""
        if not self.live:
            return
        took = format_duration(time.monotonic() - self._started)
        counts = f"{self.count}/{self.total} {self.unit}".strip() if self.total else ""
        text = "  ".join(p for p in (f"{self.label:<14}", counts, took, note) if p)
        self.stream.write("\r\x1b[2K" + text + "\n")
        self.stream.flush()

    def _draw(self, *, force: bool) -> None:
        if not self.live:
            return
        now = time.monotonic()
        if not force and now - self._drawn < _INTERVAL:
            return
        self._drawn = now
        elapsed = now - self._started
        if self.total:
            frac = min(1.0, self.count / self.total)
            filled = int(frac * _WIDTH)
            bar = "█" * filled + "░" * (_WIDTH - filled)
            left = (elapsed / self.count * (self.total - self.count)) if self.count else 0.0
            eta = format_duration(left) if self.count else "?"
            line = (
                f"{self.label:<14} {bar} {self.count}/{self.total} {self.unit} "
                f"{frac:4.0%}  {format_duration(elapsed)} elapsed, {eta} left"
            )
        else:
            line = f"{self.label:<14} {self.count} {self.unit}  {format_duration(elapsed)}"
        self.stream.write("\r\x1b[2K" + line)
        self.stream.flush()
