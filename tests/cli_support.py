"""Run ``speechdiff`` in a child process with a time limit and a memory limit.

Hostile inputs (a FIFO nobody writes to, /dev/zero, a full disk) are tried in a
subprocess so that a hang becomes a test failure after ``timeout`` seconds and an
unbounded read hits ``RLIMIT_AS`` instead of the machine.
"""

from __future__ import annotations

import contextlib
import io
import os
import resource
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from compare.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"
SEED_000 = SEEDS / "000_44149a710ae6c111.txt"
SEED_001 = SEEDS / "001_201c1d1fe805fb54.txt"
SEED_002 = SEEDS / "002_928bb3c52be0b3dd.txt"
GIB = 1 << 30


def limited(memory: int) -> Any:
    """A ``preexec_fn`` capping the child's address space at ``memory`` bytes."""

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return apply


def run_cli(
    *args: str | os.PathLike[str],
    stdin: IO[bytes] | int | None = subprocess.DEVNULL,
    input: bytes | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 60,
    memory: int = GIB,
    cwd: Path | None = None,
    prefix: Sequence[str] = (),
) -> subprocess.CompletedProcess[str]:
    """``speechdiff ARGS`` in a child process; raises ``TimeoutExpired`` if it hangs."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    kw: dict[str, Any] = {"stdin": stdin} if input is None else {"input": input}
    done = subprocess.run(
        [*prefix, sys.executable, "-m", "compare", *map(str, args)],
        capture_output=True,
        timeout=timeout,
        env=full_env,
        preexec_fn=limited(memory),
        cwd=cwd,
        **kw,
    )
    return subprocess.CompletedProcess(
        done.args,
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
    )


def one_line(stderr: str) -> str:
    """The single diagnostic line (fails if there is none or several)."""
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    return lines[0]


def run_main(*args: str | os.PathLike[str]) -> subprocess.CompletedProcess[str]:
    """``speechdiff ARGS`` in this process (for cases that cannot hang), output captured."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return subprocess.CompletedProcess(list(map(str, args)), code, out.getvalue(), err.getvalue())
