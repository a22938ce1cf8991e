"""Progress on stderr: a bar on a terminal, plain lines elsewhere, never silence for long.

No terminal library. On a terminal one line is rewritten with ``\\r`` (at most ten
times a second, and once a second by a timer, so the elapsed time moves even while
one long task runs); each finished stage leaves one summary line. When stderr is
not a terminal (logs, CI, pipes) a plain line says what is running every
``interval`` seconds (10 by default), so a run that lasts never looks hung, while a
short one prints nothing; ``lines=True`` (``--progress``) also prints a line as
each stage starts and ends. ``quiet=True`` (``--quiet``) prints nothing at all.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO

__all__ = ["Progress", "format_duration"]

_WIDTH = 24
_INTERVAL = 0.1
_TICK = 1.0
HEARTBEAT = 10.0


def format_duration(seconds: float) -> str:
    """``1:05`` or ``1:02:03``."""
    s = max(0, round(seconds))
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


class Progress:
    """Reports stages on ``stream``; call :meth:`stage`, then :meth:`advance`, then :meth:`end`.

    Call :meth:`close` when the run is over (it stops the timer thread).
    """

    def __init__(
        self,
        *,
        stream: TextIO | None = None,
        quiet: bool = False,
        lines: bool = False,
        interval: float = HEARTBEAT,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.quiet = quiet
        isatty = getattr(self.stream, "isatty", None)
        self.live = not quiet and bool(isatty and isatty())
        self.lines = not quiet and not self.live and lines
        self.heartbeat = not quiet and not self.live
        self.interval = interval
        self.label = ""
        self.unit = ""
        self.total = 0
        self.count = 0
        self.running = False
        self._started = 0.0
        self._drawn = 0.0
        self._said = 0.0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._timer: threading.Thread | None = None

    # -- the stages -------------------------------------------------------------------

    def stage(self, label: str, total: int, *, unit: str = "") -> None:
        """Start a stage of ``total`` steps (0 when the size is unknown)."""
        with self._lock:
            self.label, self.total, self.unit, self.count = label, total, unit, 0
            self._started = self._said = time.monotonic()
            self._drawn = 0.0
            self.running = True
        if self.lines:
            self._say(f"{label}: started" + (f", {total} {unit}".rstrip() if total else ""))
        self._draw(force=True)
        self._start_timer()

    def advance(self, n: int = 1) -> None:
        self.count += n
        self._draw(force=False)

    def end(self, note: str = "") -> None:
        """Finish the stage: the bar becomes one summary line."""
        counts = f"{self.count}/{self.total} {self.unit}".strip() if self.total else ""
        self._done(self.label, self._started, counts, note)

    def finish(self, label: str, started: float, note: str = "") -> None:
        """The summary line of a stage that ran other stages (``grouping``), once they ended.

        ``started``: its ``time.monotonic()`` start.
        """
        self._done(label, started, "", note)

    def _done(self, label: str, started: float, counts: str, note: str) -> None:
        with self._lock:
            self.running = False
        took = format_duration(time.monotonic() - started)
        if self.lines:
            self._say("  ".join(p for p in (f"{label}: done", counts, took, note) if p))
        if not self.live:
            return
        text = "  ".join(p for p in (f"{label:<14}", counts, took, note) if p)
        with self._lock:
            self.stream.write("\r\x1b[2K" + text + "\n")
            self.stream.flush()

    def close(self) -> None:
        """Stop the timer thread (idempotent)."""
        self._stop.set()
        if self._timer is not None:
            self._timer.join(timeout=2)
            self._timer = None

    # -- output -----------------------------------------------------------------------

    def _status(self, elapsed: float) -> str:
        if self.total:
            return (
                f"{self.label}: {self.count}/{self.total} {self.unit}".rstrip()
                + f", {format_duration(elapsed)} elapsed"
            )
        return f"{self.label}: {format_duration(elapsed)} elapsed"

    def _say(self, text: str) -> None:
        with self._lock:
            self.stream.write(f"speechdiff: batch: {text}\n")
            self.stream.flush()

    def _start_timer(self) -> None:
        if self._timer is not None or not (self.live or self.heartbeat):
            return
        self._timer = threading.Thread(target=self._tick, name="progress", daemon=True)
        self._timer.start()

    def _tick(self) -> None:
        tick = min(_TICK, self.interval / 2) if self.heartbeat else _TICK
        while not self._stop.wait(tick):
            if not self.running:
                continue
            now = time.monotonic()
            if self.live:
                self._draw(force=True)
            elif now - self._said >= self.interval:
                self._said = now
                self._say(self._status(now - self._started))

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
            done = f"{self.count} {self.unit}  " if self.count else ""
            line = f"{self.label:<14} {done}{format_duration(elapsed)}"
        with self._lock:
            if self.running:  # the timer may wake just after the stage ended
                self.stream.write("\r\x1b[2K" + line)
                self.stream.flush()
