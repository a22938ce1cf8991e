"""Helpers for the Pilot tests: wait for the workers, read what the screen shows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tui.app import SpeechDiffApp, create_app
from tui.screens.main import MainScreen
from tui.view import ViewState

ROOT = Path(__file__).resolve().parent.parent
SEED_000 = str(ROOT / "fixtures/seeds/000_44149a710ae6c111.txt")
SEED_001 = str(ROOT / "fixtures/seeds/001_201c1d1fe805fb54.txt")
SEED_003 = str(ROOT / "fixtures/seeds/003_5c63eede7426c25a.txt")


async def settle(pilot: Pilot[Any]) -> None:
    """Let every worker finish and every message it caused be handled.

    Workers start more work (the comparison starts the detail pane's inline diff),
    so wait until a round starts nothing new. No timing is involved.
    """
    for _ in range(10):
        await pilot.pause()
        if not pilot.app.workers:
            break
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def screen_text(app: SpeechDiffApp) -> str:
    """The characters on the terminal, one line per row (the compositor's frame)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text.rstrip() for strip in strips)


def main_state(app: SpeechDiffApp) -> ViewState:
    screen = app.screen
    assert isinstance(screen, MainScreen), f"expected the main screen, got {screen!r}"
    assert screen.state is not None, "comparison not shown yet"
    return screen.state


def graph_app(graph: Any, **kwargs: Any) -> SpeechDiffApp:
    """The app on the two seed files, with ``graph`` instead of the alignment engine."""
    return create_app(SEED_000, SEED_001, comparer=lambda a, b, sa, sb: graph, **kwargs)
