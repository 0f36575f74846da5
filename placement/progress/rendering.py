"""Rendering that cannot hurt the service: worker processes, a bound on how many at once, and a time limit."""

from __future__ import annotations

from pathlib import Path

import anyio
from anyio import to_process

from placement.progress.pdf import render_pdf


class RenderFailed(Exception):
    """The PDF could not be made in time or at all; the caller answers with the printable HTML instead."""


class PdfRenderer:
    """Renders in anyio's worker processes, at most `workers` at once, each within `timeout` seconds.

    A render past its time is cancelled, and anyio kills a worker process whose call is cancelled (to_process.run_sync
    with cancellable=True), so an overrunning render never keeps a process busy. The time limit counts from the call:
    waiting for a free worker counts too, so a queue behind slow renders is answered with the HTML in time, not late.
    Idle workers are anyio's to reuse and end; they end with the event loop at the latest.
    """

    def __init__(self, *, workers: int, timeout: float, assets: Path) -> None:
        self.timeout = timeout
        self.assets = str(assets)
        # Read once: every report embeds the same stylesheet.
        self.css = (assets / "report.css").read_text(encoding="utf-8")
        self._limiter = anyio.CapacityLimiter(workers)

    async def render(self, html: str) -> bytes:
        try:
            with anyio.fail_after(self.timeout):
                return await to_process.run_sync(render_pdf, html, self.assets, cancellable=True, limiter=self._limiter)
        except TimeoutError:
            raise RenderFailed(f"the PDF took longer than {self.timeout:g} seconds") from None
        except anyio.BrokenWorkerProcess:
            raise RenderFailed("the PDF renderer stopped") from None
        except Exception as error:  # WeasyPrint's own failures: the user gets the HTML version
            raise RenderFailed(f"the PDF could not be made: {type(error).__name__}") from error
