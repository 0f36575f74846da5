"""Sessions, logins and the brute-force limit; all state lives in the database so every worker process shares it."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import math
import secrets
import uuid
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from placement.accounts.passwords import verify_password
from placement.auth.identity import Actor
from placement.clock import SYSTEM_CLOCK, Clock
from placement.config import Settings
from placement.db.models import AuthSession, LoginAttempt, User
from placement.db.unit_of_work import checkpoint, keep_through_rollback, outside_transaction
from placement.errors import TooManyAttempts, Unauthenticated

logger = logging.getLogger("placement.auth")

# Writing last_seen_at on every request would make every read a write; a minute is precise enough for idle timeouts.
LAST_SEEN_RESOLUTION = dt.timedelta(minutes=1)
BAD_CREDENTIALS = "wrong email or password"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _keyed(settings: Settings, kind: str, value: str) -> str:
    return hmac.new(settings.secret_key.encode(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


async def create_session(
    db: AsyncSession, user_id: uuid.UUID, settings: Settings, *, clock: Clock = SYSTEM_CLOCK
) -> str:
    """A new session with a fresh random token (never one the client brought), returned for the cookie."""
    token = secrets.token_urlsafe(32)
    now = clock.now()
    db.add(
        AuthSession(
            token_hash=token_hash(token),
            user_id=user_id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + dt.timedelta(hours=settings.session_absolute_hours),
        )
    )
    await db.flush()
    return token


@dataclass(frozen=True, slots=True)
class SessionCheck:
    """What a session token stands for now, read without writing; `settle_session` does the writes it calls for."""

    user: Actor | None
    session_id: uuid.UUID | None = None
    ended: bool = False  # expired, idle too long or the account disabled: to be deleted
    touch: bool = False  # last_seen_at is older than LAST_SEEN_RESOLUTION: to be moved on


async def check_session(
    db: AsyncSession, token: str, settings: Settings, *, clock: Clock = SYSTEM_CLOCK
) -> SessionCheck:
    """The user behind a session token, or no user when it is unknown, expired, idle too long or the account disabled.

    Only reads, so that every request can do it without queueing for SQLite's write lock; last_seen_at is written
    at most once a minute (see settle_session).
    """
    row = (
        await db.execute(
            select(
                AuthSession.id,
                AuthSession.last_seen_at,
                AuthSession.expires_at,
                User.id,
                User.email,
                User.name,
                User.role,
                User.is_active,
            )
            .join(User, User.id == AuthSession.user_id)
            .where(AuthSession.token_hash == token_hash(token))
        )
    ).first()
    if row is None:
        return SessionCheck(user=None)
    session_id, last_seen_at, expires_at, user_id, email, name, role, is_active = row
    now = clock.now()
    idle_limit = last_seen_at + dt.timedelta(minutes=settings.session_idle_minutes)
    if not is_active or expires_at <= now or idle_limit <= now:
        return SessionCheck(user=None, session_id=session_id, ended=True)
    return SessionCheck(
        user=Actor(user_id=user_id, role=role, name=name, email=email),
        session_id=session_id,
        touch=now - last_seen_at >= LAST_SEEN_RESOLUTION,
    )


async def settle_session(db: AsyncSession, check: SessionCheck, *, clock: Clock = SYSTEM_CLOCK) -> None:
    """Delete an ended session, or move a live one's last_seen_at on."""
    if check.session_id is None:
        return
    if check.ended:
        await db.execute(delete(AuthSession).where(AuthSession.id == check.session_id))
    elif check.touch:
        await db.execute(update(AuthSession).where(AuthSession.id == check.session_id).values(last_seen_at=clock.now()))


async def end_session(db: AsyncSession, token: str) -> None:
    await db.execute(delete(AuthSession).where(AuthSession.token_hash == token_hash(token)))


async def end_user_sessions(db: AsyncSession, user_id: uuid.UUID) -> None:
    await db.execute(delete(AuthSession).where(AuthSession.user_id == user_id))


async def _refuse_if_locked(
    db: AsyncSession, settings: Settings, account_key: str, client_key: str, now: dt.datetime
) -> None:
    """TooManyAttempts when the account or the client is over its limit; the try being checked counts too."""
    since = now - dt.timedelta(minutes=settings.login_window_minutes)
    limits = (
        (LoginAttempt.account_key, account_key, settings.login_max_failures),
        (LoginAttempt.client_key, client_key, settings.login_max_failures_per_client),
    )
    for column, key, limit in limits:
        count, oldest = (
            await db.execute(
                select(func.count(), func.min(LoginAttempt.at)).where(column == key, LoginAttempt.at > since)
            )
        ).one()
        if count > limit:
            retry = (oldest + dt.timedelta(minutes=settings.login_window_minutes) - now).total_seconds()
            raise TooManyAttempts("too many failed logins; try again later", retry_after=max(1, math.ceil(retry)))


@dataclass(frozen=True, slots=True)
class PasswordTry:
    """One stored try at a password under the brute-force limit; its account key, for forgiving on success."""

    account_key: str


async def begin_password_try(
    db: AsyncSession, settings: Settings, *, email: str, client: str, request_id: str, clock: Clock = SYSTEM_CLOCK
) -> PasswordTry:
    """Store and commit a try before counting it: TooManyAttempts when the account or the client is over its limit.

    Every check of a password a person types (a login, an invitation accepted into an existing account) starts here,
    so that they share one limit. Committed before it is counted and before the password is checked, so that guesses
    sent in parallel, to any number of worker processes, see each other: of N simultaneous tries at most the limit
    get a password check. A try that turns out wrong stays as a failure; a refused one is removed, so hammering a
    locked account does not extend its lock.
    """
    account_key = _keyed(settings, "account", email.strip().lower())
    client_key = _keyed(settings, "client", client)
    now = clock.now()
    attempt = LoginAttempt(at=now, account_key=account_key, client_key=client_key)
    db.add(attempt)
    await db.execute(
        delete(LoginAttempt).where(LoginAttempt.at < now - dt.timedelta(minutes=settings.login_window_minutes))
    )
    await checkpoint(db)
    try:
        await _refuse_if_locked(db, settings, account_key, client_key, now)
    except TooManyAttempts:
        # Run after the 429 has rolled the request back.
        keep_through_rollback(db, delete(LoginAttempt).where(LoginAttempt.id == attempt.id))
        logger.warning(
            "password try refused by the brute-force limit for account %s (request %s)", account_key[:12], request_id
        )
        raise
    return PasswordTry(account_key=account_key)


async def end_password_try(db: AsyncSession, attempt: PasswordTry) -> None:
    """The password was right: the account's failures are forgiven (in the request's own transaction)."""
    await db.execute(delete(LoginAttempt).where(LoginAttempt.account_key == attempt.account_key))


async def forgive_failures(db: AsyncSession, settings: Settings, email: str) -> None:
    """The account proved its owner another way (a reset link from its mailbox): its failed logins are forgiven."""
    await end_password_try(db, PasswordTry(account_key=_keyed(settings, "account", email.strip().lower())))


async def login(
    db: AsyncSession,
    settings: Settings,
    *,
    email: str,
    password: str,
    client: str,
    request_id: str,
    clock: Clock = SYSTEM_CLOCK,
) -> tuple[Actor, str]:
    """Check the credentials under the brute-force limit (begin_password_try); on success a new session token."""
    address = email.strip().lower()
    attempt = await begin_password_try(db, settings, email=address, client=client, request_id=request_id, clock=clock)
    user = await db.scalar(select(User).where(User.email == address))
    # The hash check takes a tenth of a second on purpose: no transaction (on SQLite: no write lock) waits for it.
    async with outside_transaction(db):
        matches, new_hash = await verify_password(user.password_hash if user else None, password)
    if user is None or not matches or not user.is_active:
        # The stored try is the failure; it was committed before the check, so the 401's rollback cannot lose it.
        logger.warning("failed login for account %s (request %s)", attempt.account_key[:12], request_id)
        raise Unauthenticated(BAD_CREDENTIALS)
    if new_hash:
        user.password_hash = new_hash
    await end_password_try(db, attempt)
    token = await create_session(db, user.id, settings, clock=clock)
    return Actor(user_id=user.id, role=user.role, name=user.name, email=user.email), token
