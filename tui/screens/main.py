"""The main screen: header, skeleton, detail pane, search bar, footer.

The screen owns the actions that are not cursor moves (they must work whichever
pane has focus) and keeps the header and the detail pane in step with the
skeleton through the skeleton's messages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Input, LoadingIndicator

from ..actions import SCREEN_ACTIONS, bindings
from ..rows import Row
from ..session import Comparison
from ..view import ViewState
from ..widgets.detail import DetailPane
from ..widgets.skeleton import SkeletonView
from ..widgets.summary import Summary, SummaryBar

__all__ = ["MainScreen", "SearchBar"]


class SearchBar(Input):
    """The ``/`` prompt: Enter searches headings, Escape closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "close", id="speechdiff.search_close")
    ]

    def action_close(self) -> None:
        self.remove_class("open")
        self.screen.query_one(SkeletonView).focus()


class MainScreen(Screen[None]):
    """Both skeletons side by side; the selected pair in detail below."""

    BINDINGS = bindings(SCREEN_ACTIONS)  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.comparison: Comparison | None = None
        self.state: ViewState | None = None
        self._base = Summary()
        #: The last "nothing to do" notice (also shown as a toast), for tests.
        self.notice = ""

    def compose(self) -> ComposeResult:
        yield SummaryBar(id="summary")
        # Our own indicator rather than ``loading = True``: that reactive is applied
        # after mounting, so a fast comparison could finish first and leave the
        # indicator covering the rows.
        yield LoadingIndicator(id="loading")
        skeleton = SkeletonView(id="skeleton")
        skeleton.display = False
        yield skeleton
        yield DetailPane(id="detail")
        yield SearchBar(placeholder="search headings (Enter: next match, Esc: close)", id="search")
        yield Footer(compact=True)

    @property
    def skeleton(self) -> SkeletonView:
        return self.query_one(SkeletonView)

    def show(self, comparison: Comparison) -> None:
        """Display a finished comparison (called on the UI thread)."""
        self.comparison = comparison
        g = comparison.graph.graph
        self._base = Summary(
            str(g.get("a_title", "")),
            str(g.get("b_title", "")),
            str(g.get("a_source", "")),
            str(g.get("b_source", "")),
            float(g["similarity"]) if "similarity" in g else None,
            dict(g.get("counts", {})),
            skeleton=g.get("skeleton"),
            words=comparison.words,
        )
        self.state = ViewState(comparison.orientation)
        self.query_one("#loading").display = False
        self.skeleton.display = True
        self.skeleton.show(self.state, comparison.text_of, comparison.label_of)
        self.skeleton.focus()

    # -- keeping the panes in step ----------------------------------------------

    def on_mount(self) -> None:
        self.skeleton.follower = self

    #: Below this width the footer drops its command-palette key (ctrl+p still works,
    #: and ? lists it): with it the keys would not fit, and would overlap.
    PALETTE_WIDTH = 100

    def on_resize(self) -> None:
        self.query_one(Footer).set_class(self.size.width < self.PALETTE_WIDTH, "-narrow")

    def selection_changed(self, row: Row | None) -> None:
        """The skeleton's cursor moved: follow in the detail pane and header."""
        if self.comparison is not None and self.state is not None:
            self.query_one(DetailPane).show(
                row, self.comparison.graph, self.state.layout.left_side, self.comparison.words
            )
        self._update_summary()

    def view_changed(self) -> None:
        """Filter, folds, mode or sides changed: the header's status follows."""
        self._update_summary()

    def status(self) -> str:
        """The view's state in words: filter, mode, position, search."""
        state = self.state
        if state is None:
            return "comparing…"
        parts = [
            f"filter: {state.filter.value}",
            "full text" if state.full_text else "skeleton",
            f"row {state.position + 1 if state.visible else 0}/{len(state.visible)}",
        ]
        if len(state.visible) != len(state.rows):
            parts[-1] += f" of {len(state.rows)}"
        if state.swapped:
            parts.append("swapped")
        if state.query:
            hits = len(state.matches(state.query))
            parts.append(f"search “{state.query}”: {hits} hit{'' if hits == 1 else 's'}")
        return " · ".join(parts)

    def _update_summary(self) -> None:
        base = self._base
        if self.state is not None and self.state.swapped:
            base = base.swapped()
        self.query_one(SummaryBar).set_summary(base.with_status(self.status()))

    def _notice(self, text: str) -> None:
        self.notice = text
        if self.app.screen is self:  # never over the help box or the picker
            self.notify(text, timeout=2)

    # -- actions (bound in SCREEN_ACTIONS) ---------------------------------------

    def _cursor(self, change: Callable[[ViewState], bool], miss: str) -> None:
        if self.state is None:
            return
        previous = self.state.cursor
        if change(self.state):
            self.skeleton.cursor_moved(previous)
        else:
            self._notice(miss)

    def _view_change(self, change: Callable[[ViewState], object]) -> None:
        if self.state is None:
            return
        change(self.state)
        self.skeleton.view_changed()

    def action_next_change(self) -> None:
        self._cursor(lambda s: s.next_change(1), "no later change")

    def action_previous_change(self) -> None:
        self._cursor(lambda s: s.next_change(-1), "no earlier change")

    def action_counterpart(self) -> None:
        if self.state is None:
            return
        before = (self.state.filter, frozenset(self.state.collapsed))
        previous = self.state.cursor
        if not self.state.jump_link():
            self._notice("this row has no counterpart elsewhere")
        elif before != (self.state.filter, frozenset(self.state.collapsed)):
            self.skeleton.view_changed()
        else:
            self.skeleton.cursor_moved(previous)

    def action_toggle_section(self) -> None:
        if self.state is None:
            return
        if self.state.toggle_collapse():
            self.skeleton.view_changed()
        else:
            self._notice("this row has no subsections to fold")

    def action_cycle_filter(self) -> None:
        self._view_change(lambda s: s.cycle_filter())

    def action_toggle_full_text(self) -> None:
        self._view_change(lambda s: s.toggle_full_text())

    def action_swap(self) -> None:
        self._view_change(lambda s: s.swap())

    def action_search(self) -> None:
        bar = self.query_one(SearchBar)
        bar.add_class("open")
        bar.focus()

    @on(Input.Submitted, "#search")
    def _search(self, event: Input.Submitted) -> None:
        state = self.state
        bar = self.query_one(SearchBar)
        bar.remove_class("open")
        self.skeleton.focus()
        if state is None:
            return
        query = event.value.strip()
        if not query:
            state.query = ""
            self.skeleton.view_changed()
            return
        if state.search(query) is None:
            self._notice(f"no heading contains “{query}”")
        self.skeleton.view_changed()
