"""Choosing one speech from a file that holds several (compilations such as 案例15篇).

Each option shows the speech's index (the number ``--doc-a`` / ``--doc-b`` take),
its title, how many sections it has and its first heading, because compilations
often repeat one title (工作会议讲话稿) for different speeches.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Label, OptionList
from textual.widgets.option_list import Option

from compare.model import Document, ParsedFile
from compare.render.rows import spaced_marker

__all__ = ["PickerScreen", "describe"]


def describe(doc: Document) -> str:
    """One line for a speech: index, title, size, first heading."""
    sections = sum(1 for _ in doc.walk())
    first = next(iter(doc.sections), None)
    lead = f" — {spaced_marker(first.marker)}{first.heading}" if first is not None else ""
    chars = doc.span[1] - doc.span[0]
    return f"[{doc.index}] {doc.title or '(untitled)'}  ({sections} sections, {chars} chars){lead}"


class PickerScreen(Screen[int]):
    """A list of the file's speeches; Enter (or a click) chooses one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.quit", "quit", id="speechdiff.picker_quit")
    ]

    def __init__(self, parsed: ParsedFile, side: str) -> None:
        super().__init__()
        self.parsed = parsed
        self.side = side

    def compose(self) -> ComposeResult:
        n = len(self.parsed.documents)
        yield Label(
            Text.assemble(
                (f"{self.side}: ", "bold"),
                f"{self.parsed.source} holds {n} speeches. Choose the one to compare.",
            ),
            id="picker-title",
        )
        yield OptionList(
            *(Option(describe(d), id=str(d.index)) for d in self.parsed.documents),
            id="picker-list",
        )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))
