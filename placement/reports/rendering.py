"""Rendering that cannot hurt the service: worker processes, a bound on how many at once, and a time limit."""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from placement.reports.pdf import render_pdf


class RenderFailed(Exception):
    """The PDF could not be made in time or at all; the caller answers with the printable HTML instead."""


class PdfRenderer:
    """A per-process pool of renderers. A render that overruns its time is killed with its pool, not left to hog."""

    def __init__(self, *, workers: int, timeout: float, assets: Path) -> None:
        self.workers = workers
        self.timeout = timeout
        self.assets = str(assets)
        self._pool: ProcessPoolExecutor | None = None
        self._slots = asyncio.Semaphore(workers)

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn: a forked copy of a running event loop and its database connections would be unsafe.
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"))
        return self._pool

    async def render(self, html: str) -> bytes:
        async with self._slots:
            future = asyncio.get_running_loop().run_in_executor(self._executor(), render_pdf, html, self.assets)
            try:
                return await asyncio.wait_for(future, self.timeout)
            except TimeoutError:
                self._kill()
                raise RenderFailed(f"the PDF took longer than {self.timeout:g} seconds") from None
            except BrokenProcessPool:
                self._kill()
                raise RenderFailed("the PDF renderer stopped") from None
            except Exception as error:  # WeasyPrint's own failures: the user gets the HTML version
                raise RenderFailed(f"the PDF could not be made: {type(error).__name__}") from error

    def _kill(self) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        for process in list(getattr(pool, "_processes", {}).values()):
            process.kill()
        pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
