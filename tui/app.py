"""The application and its one factory, used by the CLI, the tests and the benchmark.

Start-up, step by step (nothing slow runs on the UI thread):
1. the main screen paints at once, with a loading indicator over the skeleton;
2. a thread worker parses both files (unless the caller already did);
3. a file holding several speeches opens the picker (unless ``--doc-a``/``--doc-b``);
4. a second thread worker aligns the two speeches, builds the comparison graph
   and lays out the rows of both orientations;
5. the main screen shows them.
A failure in a worker ends the app with exit status 2 and :attr:`SpeechDiffApp.error`
set to one line, which the launcher prints on stderr.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from textual import work
from textual.app import App

from compare.model import Document, ParsedFile
from compare.textio import InputError

from .actions import APP_ACTIONS, bindings
from .commands import SpeechDiffCommands
from .screens.help import HelpScreen
from .screens.main import MainScreen
from .screens.picker import PickerScreen
from .session import Comparer, Request, choose, engine_compare, load, rows_for

__all__ = ["DEFAULT_THEME", "SpeechDiffApp", "create_app"]

DEFAULT_THEME = "textual-dark"


class SpeechDiffApp(App[int]):
    """Side-by-side structural diff of two speeches."""

    CSS_PATH = "speechdiff.tcss"
    TITLE = "speechdiff"
    BINDINGS = bindings(APP_ACTIONS)  # type: ignore[assignment]
    COMMANDS = App.COMMANDS | {SpeechDiffCommands}

    def __init__(
        self,
        request: Request,
        *,
        files: tuple[ParsedFile, ParsedFile] | None = None,
        comparer: Comparer = engine_compare,
        keymap: Mapping[str, str] | None = None,
        theme: str = DEFAULT_THEME,
    ) -> None:
        super().__init__()
        self.request = request
        self.files = files
        self.comparer = comparer
        self.user_keymap = dict(keymap or {})
        self._theme_name = theme
        self.main = MainScreen()
        self.documents: list[Document] = []
        #: One line describing why the app stopped early, or None.
        self.error: str | None = None
        self._mounted = False
        self._pending: list[tuple[Callable[..., object], tuple[Any, ...]]] = []

    async def on_mount(self) -> None:
        self.theme = self._theme_name
        if self.user_keymap:
            self.set_keymap(self.user_keymap)
        # Start the work first, so that the alignment overlaps the first paint;
        # whatever it reports before the main screen is composed waits in _pending.
        if self.files is None:
            self._load()
        else:
            self._loaded(self.files)
        await self.push_screen(self.main)
        self._mounted = True
        for callback, args in self._pending:
            callback(*args)
        self._pending.clear()

    def _on_ui(self, callback: Callable[..., object], *args: Any) -> None:
        """Run ``callback`` now if the main screen is up, else once it is."""
        if self._mounted:
            callback(*args)
        else:
            self._pending.append((callback, args))

    # -- start-up steps ---------------------------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def _load(self) -> None:
        try:
            files = (load(self.request.path_a), load(self.request.path_b))
        except Exception as exc:  # reported as one line, never a traceback
            self.call_from_thread(self._fail, exc)
            return
        self.call_from_thread(self._loaded, files)

    def _loaded(self, files: tuple[ParsedFile, ParsedFile]) -> None:
        self.files = files
        self.documents = []
        self._next_document()

    def _next_document(self) -> None:
        """Choose the next side's speech, asking with the picker when needed."""
        assert self.files is not None
        side = len(self.documents)
        if side == 2:
            self._compare(self.documents[0], self.documents[1])
            return
        parsed = self.files[side]
        index = (self.request.doc_a, self.request.doc_b)[side]
        try:
            doc = choose(parsed, index, ("--doc-a", "--doc-b")[side])
        except InputError as exc:
            self._fail(exc)
            return
        if doc is None:
            # The picker must go above the main screen, so wait for it.
            self._on_ui(self.push_screen, PickerScreen(parsed, "AB"[side]), self._picked)
        else:
            self.documents.append(doc)
            self._next_document()

    def _picked(self, index: int | None) -> None:
        assert self.files is not None
        parsed = self.files[len(self.documents)]
        self.documents.append(parsed.documents[index or 0])
        self._next_document()

    @work(thread=True, exclusive=True, group="compare")
    def _compare(self, a: Document, b: Document) -> None:
        assert self.files is not None
        try:
            graph = self.comparer(a, b, self.files[0].source, self.files[1].source)
            comparison = rows_for(graph, self.request.lang)
        except Exception as exc:
            self.call_from_thread(self._fail, exc)
            return
        self.call_from_thread(self._on_ui, self.main.show, comparison)

    def _fail(self, exc: BaseException) -> None:
        if isinstance(exc, InputError):
            self.error = str(exc)
        else:
            self.error = f"internal error: {type(exc).__name__}: {exc}"
        self.exit(return_code=2)

    # -- app-wide actions (bound in APP_ACTIONS) -------------------------------

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            # A toast ("no later change") would sit on top of the help box: clear it.
            self.clear_notifications()
            comparison = self.main.comparison
            self.push_screen(HelpScreen(self._keymap, comparison.words if comparison else None))


def create_app(
    path_a: str,
    path_b: str,
    *,
    doc_a: int | None = None,
    doc_b: int | None = None,
    files: tuple[ParsedFile, ParsedFile] | None = None,
    comparer: Comparer | None = None,
    keymap: Mapping[str, str] | None = None,
    theme: str = DEFAULT_THEME,
    lang: str | None = None,
) -> SpeechDiffApp:
    """The app for comparing ``path_a`` with ``path_b``: the one way to build it.

    ``files`` skips parsing (the launcher has parsed them to report bad input
    before the UI starts); ``comparer`` replaces the alignment engine (tests);
    ``lang`` (``zh``, ``en``) fixes the labels' language (default: the documents').
    """
    return SpeechDiffApp(
        Request(path_a, path_b, doc_a, doc_b, lang),
        files=files,
        comparer=comparer or engine_compare,
        keymap=keymap,
        theme=theme,
    )
