"""Terminal UI speed: first paint and key-press repaint, against a naive widget.

Usage: python bench/tui.py [A B] [--size 200x60] [--rounds N]

Defaults to two ~60k-character government work reports (Shanghai vs Zhejiang).
Both apps run headless in this process (Textual's ``run_test``), at the same size,
on the same files, through the same pipeline (parse + align + graph + rows in a
thread worker); only the skeleton differs:

- speechdiff: the real app, ``SkeletonView`` (a ScrollView rendering only visible
  lines, strips cached, a cursor move repaints two rows);
- baseline:   a plain ``Static`` in a ``VerticalScroll`` holding every line of the
  same layout, rebuilt on every key (what a first, naive version would do).

A frame's time is taken when the compositor hands it to the driver, after it has
also been encoded into the terminal byte stream (``render_segments``), which is
the work a real terminal session does on top of the headless one.

Figures:
- first paint: from creating the app to the first frame that shows the rows
  (target <= 1.0 s); also the first frame of any kind (the loading indicator);
- key repaint: from sending a key to the first frame after it, and to the app
  being idle again (all follow-up messages handled; target <= 50 ms), median
  and worst over ``--rounds`` presses of each key.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

# Run as a script, this file's folder comes first on sys.path and this module,
# named tui, would hide the tui package it measures.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.app import create_app
from tui.layout import GUTTER, LineLayout, fit
from tui.legend import symbol
from tui.session import Comparison, engine_compare, load, rows_for
from tui.view import ViewState

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_A = ROOT / "fixtures/gwr/2026_上海市_政府工作报告.txt"
DEFAULT_B = ROOT / "fixtures/gwr/2026_浙江省_政府工作报告.txt"


class Frames:
    """Timestamps of the frames every app in this process displays."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.on_frame: Callable[[], None] | None = None
        self._original = App._display

    def __enter__(self) -> Frames:
        frames = self
        original = self._original

        def display(app: App[Any], screen: Any, renderable: Any) -> None:
            original(app, screen, renderable)
            if renderable is None:
                return
            if hasattr(renderable, "render_segments"):
                renderable.render_segments(app.console)
            frames.times.append(time.perf_counter())
            if frames.on_frame is not None:
                frames.on_frame()

        App._display = display  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        App._display = self._original  # type: ignore[method-assign]

    def first_after(self, t0: float) -> float | None:
        return next((t for t in self.times if t >= t0), None)


# -- the baseline: every line in one Static, rebuilt on each key ------------------


class NaiveApp(App[None]):
    """The same comparison drawn the naive way: one Static holding every line."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "down", "down"),
        Binding("t", "full_text", "text"),
        Binding("q", "quit", "quit"),
    ]

    def __init__(self, path_a: str, path_b: str) -> None:
        super().__init__()
        self.paths = (path_a, path_b)
        self.state: ViewState | None = None
        self.comparison: Comparison | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static("loading…", id="all")

    def on_mount(self) -> None:
        self._compare()

    @work(thread=True)
    def _compare(self) -> None:
        fa, fb = load(self.paths[0]), load(self.paths[1])
        graph = engine_compare(fa.documents[0], fb.documents[0], *self.paths)
        self.call_from_thread(self._show, rows_for(graph))

    def _show(self, comparison: Comparison) -> None:
        self.comparison = comparison
        self.state = ViewState(comparison.orientation)
        self._redraw()

    def _redraw(self) -> None:
        """Rebuild every line of the layout, as a naive widget would on each change."""
        state, comparison = self.state, self.comparison
        if state is None or comparison is None:
            return
        width = self.size.width - 2
        layout = LineLayout(state.rows, state.visible, width, state.full_text, comparison.text_of)
        text = Text(no_wrap=True, overflow="crop")
        for y in range(layout.total):
            where = layout.locate(y)
            assert where is not None
            row_index, offset = where
            row = state.rows[row_index]
            if offset == 0:
                left = "" if row.left is None else row.left.marker + row.left.heading
                right = "" if row.right is None else row.right.marker + row.right.heading
                score = "" if row.score is None else f"{round(row.score * 100)}"
                gutter = f" {symbol(row.kind)} {score:>3} "
            else:
                lines_l = layout.body(row.left, True)
                lines_r = layout.body(row.right, False)
                left = lines_l[offset - 1] if offset - 1 < len(lines_l) else ""
                right = lines_r[offset - 1] if offset - 1 < len(lines_r) else ""
                gutter = " " * GUTTER
            line = fit(left, layout.left_width) + gutter + fit(right, layout.right_width)
            text.append(line + "\n", "reverse" if row_index == state.cursor else "")
        self.query_one("#all", Static).update(text)

    def action_down(self) -> None:
        if self.state is not None and self.state.move(1):
            self._redraw()

    def action_full_text(self) -> None:
        if self.state is not None:
            self.state.toggle_full_text()
            self._redraw()


# -- measuring ------------------------------------------------------------------------


async def _first_paint(
    frames: Frames,
    make: Callable[[], App[Any]],
    ready: Callable[[App[Any]], bool],
    size: tuple[int, int],
) -> tuple[float, float, App[Any], Any]:
    """(first frame, first frame with rows) in seconds from creating the app."""
    shown: list[float] = []
    t0 = time.perf_counter()
    app = make()
    frames.on_frame = lambda: shown.append(time.perf_counter()) if ready(app) else None
    ctx = app.run_test(size=size)
    pilot = await ctx.__aenter__()
    deadline = time.perf_counter() + 60
    while not shown and time.perf_counter() < deadline:
        await pilot.pause()
    frames.on_frame = None
    first = frames.first_after(t0)
    if not shown or first is None:
        raise RuntimeError("the app never painted its rows")
    return first - t0, shown[0] - t0, app, (ctx, pilot)


async def _keys(
    frames: Frames, pilot: Any, key: str, rounds: int
) -> tuple[list[float], list[float]]:
    """Per press: seconds from the key to its first frame and to its last frame.

    The last frame is the last one drawn before the app is idle again: the detail
    pane and header follow the skeleton a message later. Pilot's wait for idle
    polls, so its own return time is not used.
    """
    to_first, to_last = [], []
    for _ in range(rounds):
        await pilot.pause()
        t0 = time.perf_counter()
        await pilot.press(key)
        await pilot.pause()
        after = [t for t in frames.times if t >= t0]
        if not after:
            raise RuntimeError(f"pressing {key!r} drew nothing")
        to_first.append(after[0] - t0)
        to_last.append(after[-1] - t0)
    return to_first, to_last


def _ms(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1000:7.1f} ms  worst {max(values) * 1000:7.1f} ms"


async def _run(path_a: str, path_b: str, size: tuple[int, int], rounds: int) -> None:
    def ours() -> App[Any]:
        return create_app(path_a, path_b, theme="textual-dark")

    def ours_ready(app: Any) -> bool:
        return app.main.state is not None

    def base() -> App[Any]:
        return NaiveApp(path_a, path_b)

    def base_ready(app: Any) -> bool:
        return app.state is not None

    results: dict[str, dict[str, Any]] = {}
    with Frames() as frames:
        # Cold: the first app in this process pays the imports (scipy, rapidfuzz...)
        # and empty caches, as a user's first launch does (Python start-up aside).
        cold_first, cold_rows, _, (ctx, _pilot) = await _first_paint(frames, ours, ours_ready, size)
        await ctx.__aexit__(None, None, None)
        # Warm: both apps measured the same way, baseline first.
        for name, make, ready in (("baseline", base, base_ready), ("speechdiff", ours, ours_ready)):
            first, rows, app, (ctx, pilot) = await _first_paint(frames, make, ready, size)
            res: dict[str, Any] = {"first frame": first, "rows painted": rows}
            res["j (skeleton)"] = await _keys(frames, pilot, "j", rounds)
            res["t (to full text)"] = await _keys(frames, pilot, "t", 1)
            res["j (full text)"] = await _keys(frames, pilot, "j", rounds)
            state = app.main.state if name == "speechdiff" else app.state
            res["rows"] = len(state.visible)
            await ctx.__aexit__(None, None, None)
            results[name] = res

    mine, naive = results["speechdiff"], results["baseline"]
    print(
        f"files: {Path(path_a).name} vs {Path(path_b).name}; terminal {size[0]}x{size[1]}; "
        f"{mine['rows']} aligned rows; {rounds} presses per key"
    )
    print("first paint, from creating the app (parse + align + graph run in the worker):")
    print(
        f"  cold speechdiff: first frame {cold_first * 1000:7.1f} ms, rows painted "
        f"{cold_rows * 1000:7.1f} ms  (first app in the process: imports included)"
    )
    for key in ("first frame", "rows painted"):
        o, b = mine[key], naive[key]
        print(
            f"  warm {key:13} speechdiff {o * 1000:7.1f} ms   baseline {b * 1000:7.1f} ms   "
            f"ratio {o / b:5.2f}"
        )
    print("key repaint, from sending the key (first frame / last frame it caused):")
    for key in ("j (skeleton)", "t (to full text)", "j (full text)"):
        for i, what in enumerate(("first frame", "last frame")):
            o, b = mine[key][i], naive[key][i]
            ratio = statistics.median(o) / statistics.median(b)
            print(
                f"  {key:17} {what:11} speechdiff {_ms(o)} | baseline {_ms(b)} | ratio {ratio:5.2f}"
            )
    print("targets: rows painted <= 1000 ms; key repaint <= 50 ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", nargs="?", default=str(DEFAULT_A))
    parser.add_argument("b", nargs="?", default=str(DEFAULT_B))
    parser.add_argument("--size", default="200x60", help="terminal WIDTHxHEIGHT")
    parser.add_argument("--rounds", type=int, default=20, help="presses per key")
    args = parser.parse_args()
    w, h = (int(x) for x in args.size.lower().split("x"))
    asyncio.run(_run(args.a, args.b, (w, h), args.rounds))


if __name__ == "__main__":
    main()
