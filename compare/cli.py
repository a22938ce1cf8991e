"""The ``speechdiff`` command line.

Each subcommand lives in its own module under :mod:`compare.commands` with two
functions, ``add_arguments(parser)`` and ``run(args) -> int``; modules are
imported only when their command runs, so ``speechdiff parse`` never loads the
batch engine or the terminal UI, and ``speechdiff --help`` loads none of them
(nor numpy: ``import compare`` is lazy).

Exit statuses follow diff(1): 0 success (or "same"), 1 "different", 2 trouble.
Results go to stdout; diagnostics go to stderr as one line each.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from collections.abc import Iterable, Sequence

from .textio import InputError

__all__ = ["main"]

COMMANDS: dict[str, tuple[str, str]] = {
    "parse": ("compare.commands.parse", "outline of each speech in each file"),
    "diff": ("compare.commands.diff", "structural diff of two speeches"),
    "tui": ("compare.commands.tui", "side-by-side terminal UI for two speeches"),
    "batch": ("compare.commands.batch", "template families, near-duplicates, reused passages"),
}
EXIT_OK, EXIT_DIFFERENT, EXIT_TROUBLE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad arguments as one line and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_TROUBLE, f"{self.prog}: error: {message}\n")


def build_parser(commands: Iterable[str] | None = None) -> argparse.ArgumentParser:
    """The command line's parser; subcommand arguments only for ``commands`` (None: all).

    Every subcommand is listed either way; loading only the one being run keeps
    ``speechdiff --help`` and the commands' own start-up light.
    """
    wanted = set(COMMANDS if commands is None else commands)
    parser = _Parser(
        prog="speechdiff",
        description="Structural comparison and diff for speeches and official documents.",
        epilog="'speechdiff A B' is short for 'speechdiff tui A B'.",
    )
    from . import __version__

    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, (module, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        if name in wanted:
            _load(module).add_arguments(p)
    return parser


def _load(module: str):  # type: ignore[no-untyped-def]
    return importlib.import_module(module)


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    # "speechdiff A B [options]" opens the terminal UI. The first argument is a file
    # there, not a command: it exists or looks like a path ("a.txt", "dir/a"); a bare
    # word such as "prase" is left to argparse, which names the valid commands.
    first = args_list[0] if args_list else ""
    if (
        first
        and first not in COMMANDS
        and not first.startswith("-")
        and (os.path.exists(first) or "." in first or os.sep in first)
    ):
        args_list = ["tui", *args_list]
    command = args_list[0] if args_list else ""
    parser = build_parser([command] if command in COMMANDS else [])
    args = parser.parse_args(args_list)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_TROUBLE
    module = _load(COMMANDS[args.command][0])
    try:
        return int(module.run(args))
    except InputError as exc:
        print(f"speechdiff: {exc}", file=sys.stderr)
        return EXIT_TROUBLE
    except KeyboardInterrupt:
        print("speechdiff: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. "| head"); silence the flush at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # last line of defence: one line, not a traceback
        if os.environ.get("SPEECHDIFF_DEBUG"):
            traceback.print_exc()
        print(
            f"speechdiff: internal error: {type(exc).__name__}: {exc} "
            "(set SPEECHDIFF_DEBUG=1 for a traceback)",
            file=sys.stderr,
        )
        return EXIT_TROUBLE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
