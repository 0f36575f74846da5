"""`placement insights report --month YYYY-MM`: the month's report of the whole jobcenter, written as PDF and CSV.

It runs as a scheduled job, with no one signed in: it reads as the system in the leader's role (aggregates of every
placement, never one placement), and its read is audited like a leader's, without an account, under its own request id.
"""

from __future__ import annotations

from litestar import Litestar
from sqlalchemy.ext.asyncio import async_sessionmaker

from placement.auth.identity import Actor
from placement.db.models import Role
from placement.errors import ServiceError
from placement.insights import report
from placement.progress.rendering import RenderFailed


def system_actor(month: str) -> Actor:
    """The scheduled job as the audit trail and the scopes see it: the leader's role, no account of a person."""
    # The audit row's actor is no account (actor_id stays empty); the request id says which job read.
    return Actor(user_id=None, role=Role.LEADER, name="placement insights report", request_id=f"cli:insights:{month}")  # type: ignore[arg-type]


async def monthly_report_files(app: Litestar, month: str) -> dict[str, bytes]:
    """indsigt-YYYY-MM.pdf and .csv by file name; the read and its audit row are committed before the render."""
    settings = app.state.settings
    sessions = async_sessionmaker(app.state.engine, expire_on_commit=False)
    async with sessions() as db, db.begin():
        made = await report.monthly(
            db,
            system_actor(month),
            month,
            {},
            suppress_below=settings.insights_suppress_below,
            today=app.state.clock.today(),
            environment=app.template_engine.engine,  # type: ignore[union-attr]
            target_groups=app.state.target_groups,
        )
    try:
        pdf = await app.state.pdf_renderer.render(made.html)
    except RenderFailed as failure:
        raise ServiceError(f"the PDF could not be made: {failure}") from None
    return {f"indsigt-{made.month}.pdf": pdf, f"indsigt-{made.month}.csv": made.csv}
