"""Heavy CPU work — the report's files, the export, reading an uploaded spreadsheet — in a
separate process.

The libraries doing it (openpyxl, python-docx, matplotlib) are pure Python and hold the
GIL: in a worker thread they still stalled every other member's update by up to half a
second (bench/heavy.py); a process does not. One process, started when a member opens a
screen that will need it (`prepare`), or at the first job; jobs queue in it. The functions
and their arguments must be picklable (module-level functions, plain data)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
Run = Callable[..., Any]  # `await run(fn, *args)`: asyncio.to_thread's shape


def _behind_the_bot() -> None:
    """The worker's processes yield the CPU to the bot's own (other members' replies)."""
    with contextlib.suppress(OSError, AttributeError):  # os.nice: POSIX only
        os.nice(10)


def _ready() -> None:
    """The worker's first job: load the libraries the jobs use while the member still looks
    at the menu."""
    import bot.domain.report.document
    import bot.domain.spreadsheets  # noqa: F401
    from bot.domain import morph

    morph.load()


class Workers:
    def __init__(self, processes: int = 1) -> None:
        self.processes = processes
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn: a fresh interpreter, not a fork of a process with an event loop and
            # database connections
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(
                self.processes, mp_context=context, initializer=_behind_the_bot
            )
        return self._pool

    def prepare(self) -> None:
        """Start the process (and load its libraries) without waiting for it."""
        if self._pool is None:
            self._executor().submit(_ready)

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor(), fn, *args)
        except BrokenProcessPool:  # the worker died (killed, out of memory): a new one
            log.warning("the worker process died; starting another")
            self.close()
            return await loop.run_in_executor(self._executor(), fn, *args)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
