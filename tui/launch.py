"""Entry point ``speechdiff.frontends: tui``: from parsed arguments to a running app.

Everything that can be wrong with the user's input is checked here, before the
UI takes over the terminal: unreadable or undecodable files, files without a
speech, ``--doc-a``/``--doc-b`` out of range, a bad keymap or theme. Each is one
line on stderr naming the file and the reason, and exit status 2. Parsing is
cheap (milliseconds for a 60k-character report) so doing it here costs nothing
visible; the slow part, the alignment, runs in the app's thread worker.
"""

from __future__ import annotations

import argparse
import sys

from textual.theme import BUILTIN_THEMES

from compare.commands.common import warn_replaced
from compare.textio import InputError

from .app import DEFAULT_THEME, create_app
from .keymap import load_keymap
from .session import choose, load

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    """Open the terminal UI for ``args.a`` and ``args.b``; 0 on quit, 2 on bad input."""
    theme = getattr(args, "theme", None) or DEFAULT_THEME
    if theme not in BUILTIN_THEMES:
        names = ", ".join(sorted(BUILTIN_THEMES))
        print(f"speechdiff: unknown theme {theme!r} (one of: {names})", file=sys.stderr)
        return 2
    doc_a, doc_b = getattr(args, "doc_a", None), getattr(args, "doc_b", None)
    try:
        keymap = load_keymap(getattr(args, "keymap", None))
        files = (load(args.a), load(args.b))
        for parsed in files:
            warn_replaced(parsed)
        choose(files[0], doc_a, "--doc-a")
        choose(files[1], doc_b, "--doc-b")
    except InputError as exc:
        print(f"speechdiff: {exc}", file=sys.stderr)
        return 2
    lang = getattr(args, "lang", None)
    app = create_app(
        args.a,
        args.b,
        doc_a=doc_a,
        doc_b=doc_b,
        files=files,
        keymap=keymap,
        theme=theme,
        lang=None if lang in (None, "auto") else lang,
    )
    app.run()
    if app.error is not None:
        print(f"speechdiff: {app.error}", file=sys.stderr)
        return 2
    return 0
