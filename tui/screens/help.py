"""The ``?`` screen: every key as currently bound, the filter cycle and the legend.

Keys are read from the action table with the app's keymap applied, so a user
who remapped ``n`` sees their own key here, not the default.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from compare.render.labels import Labels

from ..actions import ALL_ACTIONS, UserAction
from ..legend import KIND_LABELS, KIND_SYMBOLS
from ..view import FILTER_CYCLE

__all__ = ["HelpScreen", "key_text"]

_NAMES = {
    "up": "↑",
    "down": "↓",
    "enter": "Enter",
    "slash": "/",
    "question_mark": "?",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
    "escape": "Esc",
}


def key_text(action: UserAction, keymap: Mapping[str, str]) -> str:
    """The keys that trigger ``action`` now, as a user would type them."""
    keys = keymap.get(action.id, action.keys)
    return " ".join(_NAMES.get(k, k) for k in keys.split(","))


class HelpScreen(ModalScreen[None]):
    """Keys, filter cycle, symbols. Esc, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "close", id="speechdiff.help_close"),
    ]

    def __init__(self, keymap: Mapping[str, str], words: Labels | None = None) -> None:
        super().__init__()
        self.keymap = keymap
        self.words = words or Labels("en")

    def compose(self) -> ComposeResult:
        keys = Table(title="Keys", show_header=False, box=None, padding=(0, 2, 0, 0))
        keys.add_column(style="bold", no_wrap=True)
        keys.add_column()
        keys.add_column(style="dim", no_wrap=True)
        for action in ALL_ACTIONS:
            keys.add_row(key_text(action, self.keymap), action.help, action.id)
        keys.add_row("click", "Select a row", "")
        keys.add_row("ctrl+p", "Command palette: every action by name", "")
        legend = Table(title="Symbols", show_header=False, box=None, padding=(0, 2, 0, 0))
        legend.add_column(style="bold", no_wrap=True)
        legend.add_column(no_wrap=True)
        legend.add_column()
        for kind, sym in KIND_SYMBOLS.items():
            # The word the header and detail pane use (相同, 修改… for Chinese documents).
            word = self.words.kind(kind)
            name = kind if word == kind else f"{word} {kind}"
            legend.add_row(sym, name, KIND_LABELS[kind])
        legend.add_row("┆", "ghost", "the section's home is another row (m jumps there)")
        legend.add_row("▾ ▸", "fold", "section open / collapsed (Enter)")
        cycle = " → ".join(f.value for f in FILTER_CYCLE) + " → all"
        with VerticalScroll(id="help-body"):
            yield Static(keys)
            yield Static(Text(f"\nFilter cycle (f): {cycle}\n"))
            yield Static(legend)
            yield Static(Text("\nRemap keys by binding id: see docs/tui.md.", "dim"))

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
