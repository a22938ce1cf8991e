"""Every user action in one table: its key, its binding id, its words.

One source feeds the key bindings (``BINDINGS`` with ``id=`` so a keymap can
remap them), the footer, the help screen and the command palette, so the four
can never disagree. Binding ids are what users put in their keymap file.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding

__all__ = [
    "ALL_ACTIONS",
    "APP_ACTIONS",
    "CURSOR_ACTIONS",
    "SCREEN_ACTIONS",
    "UserAction",
    "bindings",
]


@dataclass(frozen=True, slots=True)
class UserAction:
    """One action: ``keys`` are the defaults, comma-separated (``"down,j"``)."""

    id: str
    keys: str
    action: str
    footer: str
    help: str
    show: bool = True
    key_display: str | None = None
    palette: bool = True
    group: str | None = None


_MOVE = "move"
_CHANGE = "change"

#: Bound on the skeleton widget itself, so they win over ScrollView's scrolling keys.
CURSOR_ACTIONS: tuple[UserAction, ...] = (
    UserAction(
        "speechdiff.cursor_up",
        "up,k",
        "cursor_up",
        "up",
        "Select the row above",
        key_display="↑",
        palette=False,
        group=_MOVE,
    ),
    UserAction(
        "speechdiff.cursor_down",
        "down,j",
        "cursor_down",
        "down",
        "Select the row below",
        key_display="↓",
        palette=False,
        group=_MOVE,
    ),
    UserAction(
        "speechdiff.page_up",
        "pageup",
        "page_up",
        "page up",
        "Select one page up",
        show=False,
        palette=False,
    ),
    UserAction(
        "speechdiff.page_down",
        "pagedown",
        "page_down",
        "page down",
        "Select one page down",
        show=False,
        palette=False,
    ),
    UserAction("speechdiff.first", "home", "first", "first", "Select the first row", show=False),
    UserAction("speechdiff.last", "end", "last", "last", "Select the last row", show=False),
)

#: Bound on the main screen: they work whichever pane has focus.
SCREEN_ACTIONS: tuple[UserAction, ...] = (
    UserAction(
        "speechdiff.next_change",
        "n",
        "next_change",
        "next",
        "Next change (any row that is not identical)",
        group=_CHANGE,
    ),
    UserAction(
        "speechdiff.previous_change",
        "N",
        "previous_change",
        "prev",
        "Previous change",
        group=_CHANGE,
    ),
    UserAction(
        "speechdiff.toggle_section",
        "enter",
        "toggle_section",
        "fold",
        "Expand or collapse the selected section",
        key_display="⏎",
    ),
    UserAction(
        "speechdiff.counterpart",
        "m",
        "counterpart",
        "jump",
        "Jump to the moved (or split/merged) section's counterpart",
    ),
    UserAction(
        "speechdiff.filter",
        "f",
        "cycle_filter",
        "filter",
        "Cycle the filter: all → changes only → moved → inserted+deleted",
    ),
    UserAction(
        "speechdiff.search", "slash", "search", "search", "Search headings", key_display="/"
    ),
    UserAction(
        "speechdiff.full_text", "t", "toggle_full_text", "text", "Toggle skeleton only / full text"
    ),
    UserAction("speechdiff.swap", "s", "swap", "swap", "Swap the left and right documents"),
)

#: Bound on the app: they also work on the picker and help screens.
APP_ACTIONS: tuple[UserAction, ...] = (
    UserAction(
        "speechdiff.help",
        "question_mark",
        "help",
        "help",
        "Show the keys and the legend",
        key_display="?",
    ),
    UserAction("speechdiff.quit", "q", "quit", "quit", "Quit speechdiff"),
)

ALL_ACTIONS: tuple[UserAction, ...] = CURSOR_ACTIONS + SCREEN_ACTIONS + APP_ACTIONS


def bindings(actions: tuple[UserAction, ...]) -> list[Binding]:
    """Textual bindings for ``actions`` (each carries its id for keymaps)."""
    groups: dict[str, Binding.Group] = {}
    out = []
    for a in actions:
        group = None
        if a.group is not None:
            group = groups.setdefault(a.group, Binding.Group(a.group, compact=True))
        out.append(
            Binding(
                a.keys,
                a.action,
                a.footer,
                show=a.show,
                key_display=a.key_display,
                tooltip=a.help,
                id=a.id,
                group=group,
            )
        )
    return out
