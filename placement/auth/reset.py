"""Password reset: a single-use link by mail that works for 30 minutes; setting the password ends every session."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Callable
from typing import Any

from litestar import Request
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from placement.accounts.passwords import hash_password, password_problem
from placement.auth.services import begin_password_try, end_user_sessions, forgive_failures, token_hash
from placement.clock import SYSTEM_CLOCK, Clock
from placement.config import Settings
from placement.db.models import PasswordReset, User
from placement.db.unit_of_work import outside_transaction
from placement.errors import Conflict, InvalidInput, NotFound, ServiceError
from placement.mail.compose import compose, first_name
from placement.mail.outbox import enqueue

logger = logging.getLogger("placement.auth")

RESET_MINUTES = 30
TOKEN_BYTES = 32  # 256 bits
# The one answer to every request, whether or not the address has an account.
REQUESTED = (
    "if an account has this email address, a link to choose a new password is on its way; it works for 30 minutes"
)


def reset_link(request: Request[Any, Any, Any], token: str) -> str:
    """The link of the mail, on the configured base URL, with the token in the fragment (like an invitation's)."""
    settings: Settings = request.app.state.settings
    return settings.absolute_url(f"{request.app.route_reverse('auth:new-password')}#{token}")


class ResetExpired(ServiceError):
    status_code = 410


async def request_reset(
    db: AsyncSession,
    settings: Settings,
    *,
    email: str,
    client: str,
    request_id: str,
    link_for: Callable[[str], str],
    clock: Clock = SYSTEM_CLOCK,
) -> None:
    """Mail a reset link to the address's active account, if there is one; the caller says the same either way.

    Counted as a try under the login's brute-force limit (429 past it), so that nobody can mail-bomb an address or
    probe addresses faster than they could guess passwords.
    """
    address = email.strip().lower()
    await begin_password_try(db, settings, email=address, client=client, request_id=request_id, clock=clock)
    user = await db.scalar(select(User).where(User.email == address, User.is_active.is_(True)))
    if user is None:
        return
    now = clock.now()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    # One link at a time: a new request makes the earlier unused ones useless.
    await db.execute(delete(PasswordReset).where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None)))
    db.add(
        PasswordReset(
            token_hash=token_hash(token),
            user_id=user.id,
            created_at=now,
            expires_at=now + dt.timedelta(minutes=RESET_MINUTES),
        )
    )
    mail = compose(
        "password_reset", user.language or "da", name=first_name(user.name), link=link_for(token), minutes=RESET_MINUTES
    )
    await enqueue(
        db,
        kind=mail.kind,
        recipient=user.email,
        language=mail.language,
        subject=mail.subject,
        text=mail.text,
        html=mail.html,
    )


async def _open_reset(db: AsyncSession, token: str, clock: Clock, *, for_update: bool = False) -> PasswordReset:
    query = (
        select(PasswordReset)
        .where(PasswordReset.token_hash == token_hash(token.strip()))
        .execution_options(populate_existing=True)
    )
    reset = await db.scalar(query.with_for_update() if for_update else query)
    if reset is None:
        raise NotFound("this link to choose a new password is not valid; ask for a new one")
    if reset.used_at is not None:
        raise Conflict("this link has been used already; ask for a new one if you need it", field="token")
    if reset.expires_at <= clock.now():
        raise ResetExpired("this link has expired (it works for 30 minutes); ask for a new one", field="token")
    return reset


async def confirm_reset(
    db: AsyncSession, settings: Settings, *, token: str, password: str, clock: Clock = SYSTEM_CLOCK
) -> None:
    """Set the new password, use up the link, end every session of the account and forgive its failed logins."""
    if problem := password_problem(password):
        raise InvalidInput(problem, field="password")
    await _open_reset(db, token, clock)
    # No transaction (on SQLite: no write lock) waits for the hash.
    async with outside_transaction(db):
        new_hash = await hash_password(password)
    reset = await _open_reset(db, token, clock, for_update=True)  # used by another request meanwhile: say so
    user = await db.get(User, reset.user_id, with_for_update=True)
    if user is None or not user.is_active:
        raise NotFound("this link to choose a new password is not valid; ask for a new one")
    user.password_hash = new_hash
    reset.used_at = clock.now()
    await end_user_sessions(db, user.id)
    await forgive_failures(db, settings, user.email)
    logger.info("password reset used; every session of the account ended")
