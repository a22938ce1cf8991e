"""Where the parallel work runs: a local process pool or a dask.distributed cluster.

Both engines offer one operation, :meth:`Engine.run`: apply a module-level
function to a stream of argument tuples and return the results *in task order*,
whatever order the workers finish in. ``on_done`` sees each result as soon as it
arrives (the cache stores it there, so a killed run keeps finished work). The
stages only ever hand pure functions of their arguments to an engine, so the two
engines give the same report.

At most a few tasks per worker are in flight at once: a task may carry a file's
bytes, and a 50,000-file corpus must not be read into memory all at once.

Pool workers die with the main process (:func:`_guard`): a ``kill -9`` of the
run leaves no orphans behind. A worker that dies (killed, out of memory) ends the
run with an :class:`EngineError`, one line, not a traceback.

dask is imported only when the dask engine is chosen.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol, TypeVar

__all__ = [
    "DASK_MISSING",
    "DaskEngine",
    "Engine",
    "EngineError",
    "LocalEngine",
    "dask_available",
    "default_workers",
    "make_engine",
]

R = TypeVar("R")
Done = Callable[[int, Any], None]  # (task index, result), as each task finishes
_IN_FLIGHT_PER_WORKER = 4
_WATCH_SECONDS = 0.5
_PR_SET_PDEATHSIG = 1


class EngineError(Exception):
    """The engine cannot start (bad scheduler address, dask missing...): one line."""


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


class Engine(Protocol):
    """Runs tasks somewhere; results come back in task order."""

    name: str
    workers: int

    def run(
        self,
        fn: Callable[..., R],
        tasks: Iterable[tuple[Any, ...]],
        *,
        on_done: Done | None = None,
    ) -> list[R]: ...

    def close(self) -> None: ...


def _parent_gone(parent: int, first_ppid: int) -> bool:
    if os.getppid() != first_ppid:
        return True  # re-parented: whoever started us has exited
    try:
        os.kill(parent, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _watch(parent: int, first_ppid: int) -> None:
    while not _parent_gone(parent, first_ppid):
        threading.Event().wait(_WATCH_SECONDS)
    os._exit(1)


def _guard(parent: int) -> None:
    """Pool initializer: make this worker exit when the main process ``parent`` dies.

    On Linux the kernel sends SIGKILL when the parent dies (``PR_SET_PDEATHSIG``),
    at once, even mid-task. Everywhere, a watcher thread checks twice a second and
    exits between tasks (or as soon as the task lets go of the interpreter).
    """
    first_ppid = os.getppid()
    if first_ppid == parent and sys.platform == "linux":
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if _parent_gone(parent, first_ppid):  # it died before we got here
        os._exit(1)
    threading.Thread(target=_watch, args=(parent, first_ppid), daemon=True).start()


class LocalEngine:
    """A process pool on this machine (``--engine local``); one worker runs inline."""

    name = "local"

    def __init__(self, *, workers: int) -> None:
        self.workers = max(1, workers)
        self._pool: ProcessPoolExecutor | None = None

    def run(
        self,
        fn: Callable[..., R],
        tasks: Iterable[tuple[Any, ...]],
        *,
        on_done: Done | None = None,
    ) -> list[R]:
        results: dict[int, R] = {}
        if self.workers == 1:
            for i, args in enumerate(tasks):
                results[i] = fn(*args)
                if on_done:
                    on_done(i, results[i])
            return [results[i] for i in range(len(results))]
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers, initializer=_guard, initargs=(os.getpid(),)
            )
        pending: dict[Future[R], int] = {}
        limit = self.workers * _IN_FLIGHT_PER_WORKER

        def collect(block: bool) -> None:
            done, _ = wait(list(pending), return_when=FIRST_COMPLETED, timeout=None if block else 0)
            for fut in done:
                i = pending.pop(fut)
                results[i] = fut.result()
                if on_done:
                    on_done(i, results[i])

        count = 0
        try:
            for args in tasks:
                while len(pending) >= limit:
                    collect(True)
                pending[self._pool.submit(fn, *args)] = count
                count += 1
            while pending:
                collect(True)
        except BrokenProcessPool:
            raise EngineError(
                "a worker process died (killed, or out of memory); "
                "run the same command with --resume to keep the finished work"
            ) from None
        return [results[i] for i in range(count)]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


#: What a user who asked for ``--engine dask`` without the extra installed is told.
DASK_MISSING = (
    "--engine dask needs dask.distributed, which is not installed: "
    "pip install 'speechdiff[dask]' (or use --engine local)"
)


def dask_available() -> bool:
    """Whether the dask engine can start here (checked without importing dask)."""
    import importlib.util

    try:
        return all(importlib.util.find_spec(m) is not None for m in ("dask", "distributed"))
    except (ImportError, ValueError):  # a module set to None in sys.modules: blocked
        return False


class DaskEngine:
    """dask.distributed (``--engine dask``).

    With ``scheduler`` (``tcp://host:8786``) the run joins that cluster and leaves it
    running afterwards; without, it starts a LocalCluster of ``workers`` single-
    threaded worker processes and stops it at the end. Workers need this package
    installed; they do not need to see the input files (tasks carry the bytes).
    """

    name = "dask"

    def __init__(self, *, workers: int, scheduler: str | None) -> None:
        try:
            import distributed
        except ImportError:
            raise EngineError(DASK_MISSING) from None
        dist: Any = distributed  # partly typed: keep its calls out of strict checking
        for name in (
            "distributed",
            "distributed.worker",
            "distributed.scheduler",
            "distributed.nanny",
        ):
            logging.getLogger(name).setLevel(logging.ERROR)
        self._cluster: Any = None
        try:
            if scheduler:
                self._client: Any = dist.Client(scheduler, timeout="5s")
            else:
                self._cluster = dist.LocalCluster(
                    n_workers=max(1, workers),
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
                self._client = dist.Client(self._cluster)
        except OSError as exc:
            raise EngineError(f"cannot reach dask scheduler {scheduler}: {exc}") from None
        threads = self._client.nthreads()
        self.workers = max(1, sum(threads.values()) if threads else workers)

    def run(
        self,
        fn: Callable[..., R],
        tasks: Iterable[tuple[Any, ...]],
        *,
        on_done: Done | None = None,
    ) -> list[R]:
        import distributed

        dist: Any = distributed
        results: dict[int, R] = {}
        limit = self.workers * _IN_FLIGHT_PER_WORKER
        flow: Any = dist.as_completed()
        index: dict[str, int] = {}
        count = 0

        def take(fut: Any) -> None:
            i = index.pop(fut.key)
            results[i] = fut.result()
            fut.release()
            if on_done:
                on_done(i, results[i])

        for args in tasks:
            if flow.count() >= limit:
                take(next(flow))
            fut = self._client.submit(fn, *args, pure=False)
            index[fut.key] = count
            flow.add(fut)
            count += 1
        for fut in flow:
            take(fut)
        return [results[i] for i in range(count)]

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def make_engine(name: str, *, workers: int | None = None, scheduler: str | None = None) -> Engine:
    """The engine called ``name`` (``local`` or ``dask``)."""
    n = workers or default_workers()
    if name == "local":
        return LocalEngine(workers=n)
    if name == "dask":
        return DaskEngine(workers=n, scheduler=scheduler)
    raise EngineError(f"unknown engine {name!r} (choose local or dask)")
