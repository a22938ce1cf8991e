"""Helpers for the Pilot tests: wait for the workers, read what the screen shows."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import networkx as nx
from textual.pilot import Pilot

from tui.app import SpeechDiffApp, create_app
from tui.screens.main import MainScreen
from tui.view import ViewState

ROOT = Path(__file__).resolve().parent.parent
SEED_000 = str(ROOT / "fixtures/seeds/000_44149a710ae6c111.txt")
SEED_001 = str(ROOT / "fixtures/seeds/001_201c1d1fe805fb54.txt")
SEED_003 = str(ROOT / "fixtures/seeds/003_5c63eede7426c25a.txt")
RECORDED = Path(__file__).resolve().parent / "tui_data" / "seeds_000_001.graph.json"


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


def recorded_graph() -> nx.DiGraph:
    """The comparison graph of seeds 000 vs 001 as the engine produced it when recorded.

    The snapshot tests draw this instead of running the engine, so that they test
    the screen, and a change in the engine's scores (developed in parallel) does not
    break them. Re-record with ``python tests/tui_support.py --record``.
    """
    data = json.loads(RECORDED.read_text(encoding="utf-8"))
    graph = nx.node_link_graph(data, edges="edges")
    for _, attrs in graph.nodes(data=True):
        attrs["span"] = tuple(attrs.get("span", ()))
    return graph


def _record() -> None:
    from compare.graph import comparison_graph, to_node_link
    from compare.parse import parse_file
    from tui.session import engine_compare

    del comparison_graph  # imported to fail early if the engine is missing
    names = [str(Path(p).relative_to(ROOT)) for p in (SEED_000, SEED_001)]
    a, b = (parse_file(p).documents[0] for p in (SEED_000, SEED_001))
    graph = engine_compare(a, b, *names)
    RECORDED.parent.mkdir(exist_ok=True)
    RECORDED.write_text(
        json.dumps(to_node_link(graph), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"recorded {RECORDED.relative_to(ROOT)}")


if __name__ == "__main__" and "--record" in sys.argv:
    _record()
