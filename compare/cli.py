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

from .textio import DEFAULT_MAX_BYTES, STDIN, InputError, format_size, set_max_bytes

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


_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}


def byte_count(text: str) -> int:
    """``--max-bytes`` values: ``1000000``, ``512K``, ``300M``, ``2G`` (powers of 1024)."""
    raw = text.strip().upper().removesuffix("B").removesuffix("I")
    unit = raw[-1:] if raw[-1:] in _UNITS else ""
    number = raw[: len(raw) - len(unit)].strip()
    try:
        value = float(number) if number else -1.0
    except ValueError:
        value = -1.0
    if not value >= 1 or value * _UNITS[unit] > 1 << 50:
        raise argparse.ArgumentTypeError(f"not a size between 1 byte and 1 PiB: {text!r}")
    return int(value * _UNITS[unit])


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
        p.add_argument(
            "--max-bytes",
            type=byte_count,
            metavar="SIZE",
            help="read at most SIZE bytes of any one input (512K, 300M, 2G; default "
            f"{format_size(DEFAULT_MAX_BYTES).replace(' ', '')}); larger inputs are refused",
        )
    return parser


def _load(module: str):  # type: ignore[no-untyped-def]
    return importlib.import_module(module)


# The matrix products speechdiff makes are small (sections × shared terms): a BLAS
# thread pool only adds waits, and on a busy machine a two-thread product can take
# ten times longer than one thread. Set before numpy loads; a user's setting wins.
_ONE_THREAD = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def main(argv: Sequence[str] | None = None) -> int:
    for name in _ONE_THREAD:
        os.environ.setdefault(name, "1")
    args_list = list(sys.argv[1:] if argv is None else argv)
    # "speechdiff A B [options]" opens the terminal UI. The first argument is a file
    # there, not a command: it exists or looks like a path ("a.txt", "dir/a"); a bare
    # word such as "prase" is left to argparse, which names the valid commands.
    first = args_list[0] if args_list else ""
    if first == STDIN or (
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
    set_max_bytes(getattr(args, "max_bytes", None) or DEFAULT_MAX_BYTES)
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
    except MemoryError:
        print(
            "speechdiff: out of memory: an input is too large for this machine "
            "(see --max-bytes and docs/limits.md)",
            file=sys.stderr,
        )
        return EXIT_TROUBLE
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
