"""Command palette provider: every action by name, so nothing needs a memorised key.

It reads the same action table as the key bindings (:mod:`tui.actions`), and adds
one command per filter so a filter can be chosen directly instead of cycled.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from .actions import APP_ACTIONS, CURSOR_ACTIONS, SCREEN_ACTIONS
from .view import FILTER_CYCLE, Filter

__all__ = ["SpeechDiffCommands"]


class SpeechDiffCommands(Provider):
    """Actions of the main screen (and the app-wide ones) for the command palette."""

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        from .screens.main import MainScreen
        from .widgets.skeleton import SkeletonView

        screen = self.screen
        out: list[tuple[str, Callable[[], object], str]] = []
        if isinstance(screen, MainScreen):
            skeleton = screen.query_one(SkeletonView)
            for a in CURSOR_ACTIONS:
                if a.palette:
                    out.append((a.help, partial(skeleton.run_action, a.action), a.id))
            for a in SCREEN_ACTIONS:
                out.append((a.help, partial(screen.run_action, a.action), a.id))
            for f in FILTER_CYCLE:
                out.append((f"Filter: {f.value}", partial(self._set_filter, screen, f), "filter"))
        for a in APP_ACTIONS:
            out.append((a.help, partial(self.app.run_action, a.action), a.id))
        return out

    @staticmethod
    def _set_filter(screen: object, value: Filter) -> None:
        from .screens.main import MainScreen

        if isinstance(screen, MainScreen) and screen.state is not None:
            screen.state.set_filter(value)
            screen.skeleton.view_changed()

    async def discover(self) -> Hits:
        for name, command, help_id in self._commands():
            yield DiscoveryHit(name, command, help=help_id)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, command, help_id in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), command, help=help_id)
