"""Single-use, expiring invitation tokens stored only as hashes, and accepting them into an account."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from dataclasses import dataclass

from babel.dates import format_date
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from goals.bounds import MAX_NAME_LENGTH
from placement.access.policy import INVITABLE_ROLES, Permission
from placement.access.scopes import placement_in_reach
from placement.accounts.passwords import MIN_PASSWORD_LENGTH, hash_password, password_problem, verify_password
from placement.accounts.services import normalise_email, parse_role
from placement.audit.services import record
from placement.auth.identity import Actor
from placement.auth.services import begin_password_try, create_session, end_password_try, token_hash
from placement.clock import SYSTEM_CLOCK, Clock, copenhagen_date
from placement.config import Settings
from placement.db.models import Citizen, Invitation, Placement, PlacementMember, Role, User
from placement.db.unit_of_work import outside_transaction
from placement.errors import Checks, Conflict, InvalidInput, NotFound, ServiceError, Unauthenticated
from placement.inputs import checked_text
from placement.mail.compose import compose, first_name, mail_language
from placement.mail.outbox import enqueue

TOKEN_BYTES = 32  # 256 bits, well above the 128 the service promises


class Expired(ServiceError):
    status_code = 410
    default_code = "expired"


class CitizenAlreadyInvited(Conflict):
    """A second citizen invitation for a placement whose citizen has an account or an open invitation."""

    def __init__(self, message: str, *, has_account: bool) -> None:
        super().__init__(message, field="role")
        self.has_account = has_account


@dataclass(frozen=True, slots=True)
class CreatedInvitation:
    """A new invitation and its token: the only moment the token exists outside the person's hands."""

    invitation: Invitation
    token: str


@dataclass(frozen=True, slots=True)
class InvitationRow:
    id: uuid.UUID
    role: str
    name: str
    email: str
    created_at: dt.datetime
    expires_at: dt.datetime
    accepted_at: dt.datetime | None

    def state(self, now: dt.datetime) -> str:
        if self.accepted_at:
            return "accepted"
        return "expired" if self.expires_at <= now else "open"


async def invite(
    db: AsyncSession,
    actor: Actor,
    settings: Settings,
    placement_id: uuid.UUID,
    *,
    role: str,
    email: str,
    name: str,
    clock: Clock = SYSTEM_CLOCK,
) -> CreatedInvitation:
    access = await placement_in_reach(db, actor, placement_id, Permission.INVITE)
    checks = Checks()
    invited_role = checks.take(parse_role, role)
    if invited_role is not None and invited_role not in INVITABLE_ROLES:
        checks.add(InvalidInput("role must be company_contact, mentor or citizen", field="role"))
    clean_name = checks.take(checked_text, name, "name", MAX_NAME_LENGTH) or ""
    clean_email = checks.take(normalise_email, email) or ""
    if invited_role is Role.CITIZEN:
        await checks.run(_refuse_second_citizen(db, access.placement.citizen_id, clock.now()))
    checks.done()
    assert invited_role is not None  # checks.done() refused otherwise
    token = secrets.token_urlsafe(TOKEN_BYTES)
    invitation = Invitation(
        placement_id=access.placement.id,
        role=invited_role,
        email=clean_email,
        name=clean_name,
        token_hash=token_hash(token),
        created_by_id=actor.user_id,
        expires_at=clock.now() + dt.timedelta(days=settings.invitation_days),
    )
    db.add(invitation)
    await db.flush()
    await record(
        db,
        actor,
        "invite",
        citizen_id=access.placement.citizen_id,
        object_type="invitation",
        object_id=invitation.id,
        purpose=f"invite {invited_role.value}",
    )
    return CreatedInvitation(invitation=invitation, token=token)


async def mail_invitation(db: AsyncSession, created: CreatedInvitation, link: str) -> None:
    """Queue the invitation's mail in the request's transaction: it goes if the invitation is kept, never otherwise.

    Written in the language of the account the address has, if any (else Danish), with the first name and the link.
    """
    invitation = created.invitation
    language = mail_language(await db.scalar(select(User.language).where(User.email == invitation.email)))
    mail = compose(
        "invitation",
        language,
        name=first_name(invitation.name),
        role=invitation.role.value,
        link=link,
        expires=format_date(copenhagen_date(invitation.expires_at), "long", locale=language),
    )
    await enqueue(
        db,
        kind=mail.kind,
        recipient=invitation.email,
        language=mail.language,
        subject=mail.subject,
        text=mail.text,
        html=mail.html,
    )


async def _refuse_second_citizen(db: AsyncSession, citizen_id: uuid.UUID, now: dt.datetime) -> None:
    """A placement has one citizen: a citizen invitation only while the citizen has no account and no open invitation.

    The citizen row is locked so that two invitations sent at the same moment cannot both pass.
    """
    account = await db.scalar(select(Citizen.user_id).where(Citizen.id == citizen_id).with_for_update())
    if account is not None:
        raise CitizenAlreadyInvited(
            "the citizen of this placement already has an account, which reaches each of their placements",
            has_account=True,
        )
    pending = await db.scalar(
        select(Invitation.id)
        .join(Placement, Placement.id == Invitation.placement_id)
        .where(
            Placement.citizen_id == citizen_id,
            Invitation.role == Role.CITIZEN,
            Invitation.accepted_at.is_(None),
            Invitation.expires_at > now,
        )
        .limit(1)
    )
    if pending is not None:
        raise CitizenAlreadyInvited(
            "the citizen of this placement already has an open invitation; it must be used or expire first",
            has_account=False,
        )


async def _join(db: AsyncSession, invitation: Invitation, user: User, placement: Placement) -> None:
    """Tie the account to the placement: a citizen's to the placement's citizen record (once), others as members."""
    if invitation.role is Role.CITIZEN:
        elsewhere = await db.scalar(select(Citizen.id).where(Citizen.user_id == user.id))
        if elsewhere is not None and elsewhere != placement.citizen_id:
            raise Conflict("this account belongs to another citizen; ask your consultant", field="email")
        # One statement, so that of two acceptances at the same moment only one ties an account.
        tied = await db.execute(
            update(Citizen)
            .where(Citizen.id == placement.citizen_id, Citizen.user_id.is_(None))
            .values(user_id=user.id)
            .execution_options(synchronize_session=False)
        )
        owner = await db.scalar(select(Citizen.user_id).where(Citizen.id == placement.citizen_id))
        if tied.rowcount == 0 and owner != user.id:  # type: ignore[attr-defined]
            raise Conflict("this placement's citizen already has an account; ask your consultant", field="token")
        return
    existing = await db.scalar(
        select(PlacementMember).where(
            PlacementMember.placement_id == invitation.placement_id, PlacementMember.user_id == user.id
        )
    )
    if existing is None:
        db.add(PlacementMember(placement_id=invitation.placement_id, user_id=user.id, role=invitation.role))


async def list_invitations(db: AsyncSession, actor: Actor, placement_id: uuid.UUID) -> list[InvitationRow]:
    access = await placement_in_reach(db, actor, placement_id, Permission.INVITE)
    rows = await db.scalars(
        select(Invitation).where(Invitation.placement_id == access.placement.id).order_by(Invitation.created_at.desc())
    )
    await record(
        db,
        actor,
        "list",
        citizen_id=access.placement.citizen_id,
        object_type="invitation",
        purpose="invitations of the placement",
    )
    return [
        InvitationRow(
            id=i.id,
            role=i.role.value,
            name=i.name,
            email=i.email,
            created_at=i.created_at,
            expires_at=i.expires_at,
            accepted_at=i.accepted_at,
        )
        for i in rows
    ]


# One answer for every password that cannot accept the invitation, whether or not the email has an account: the
# link alone must tell nobody which emails have accounts, and it must not test their passwords beyond the limit.
NOT_ACCEPTED = (
    "this password cannot accept the invitation: a new account needs a password of at least "
    f"{MIN_PASSWORD_LENGTH} characters, an existing account its own password"
)


async def _open_invitation(db: AsyncSession, token: str, clock: Clock, *, for_update: bool = False) -> Invitation:
    # Read from the database, not the session's identity map: another request may have used it since a first read.
    query = (
        select(Invitation)
        .where(Invitation.token_hash == token_hash(token.strip()))
        .execution_options(populate_existing=True)
    )
    invitation = await db.scalar(query.with_for_update() if for_update else query)
    if invitation is None:
        raise NotFound("this invitation link is not valid")
    if invitation.accepted_at is not None:
        raise Conflict("this invitation has already been used; log in instead", field="token")
    if invitation.expires_at <= clock.now():
        raise Expired("this invitation has expired; ask your consultant for a new one", field="token")
    return invitation


async def _password_fits(db: AsyncSession, email: str, password: str) -> tuple[bool, str | None]:
    """(fits, the new account's hash): the existing account's own password, or one a new account may have.

    Either way one argon2id hash is computed, so the time taken tells nothing about whether the account exists.
    """
    user = (await db.execute(select(User.password_hash, User.is_active).where(User.email == email))).first()
    # No transaction (on SQLite: no write lock) waits for the hash.
    async with outside_transaction(db):
        if user is not None:
            matches, _ = await verify_password(user.password_hash, password)
            return matches and user.is_active, None
        if password_problem(password):
            await verify_password(None, password)
            return False, None
        return True, await hash_password(password)


async def accept(
    db: AsyncSession,
    settings: Settings,
    *,
    token: str,
    password: str,
    client: str,
    request_id: str = "",
    clock: Clock = SYSTEM_CLOCK,
) -> tuple[User, str]:
    """Tie the invited person to the placement (a new account, or their existing one) and log them in.

    The password is tried under the login's brute-force limit, for an email with an account or without one alike.
    """
    invitation = await _open_invitation(db, token, clock)
    attempt = await begin_password_try(
        db, settings, email=invitation.email, client=client, request_id=request_id, clock=clock
    )
    fits, new_hash = await _password_fits(db, invitation.email, password)
    if not fits:
        await _open_invitation(db, token, clock)  # used by someone else while the password was checked: say so
        # The stored try is the failure: it was committed before the check, so the 401's rollback cannot lose it.
        raise Unauthenticated(NOT_ACCEPTED)
    # The hash was checked outside any transaction: take the invitation again, locked, in case it was used meanwhile.
    invitation = await _open_invitation(db, token, clock, for_update=True)
    user = await db.scalar(select(User).where(User.email == invitation.email))
    if user is None:
        if new_hash is None:  # the account was removed while the password was checked
            raise Unauthenticated(NOT_ACCEPTED)
        user = User(
            email=invitation.email, name=invitation.name, role=invitation.role, password_hash=new_hash, is_active=True
        )
        db.add(user)
        await db.flush()
    elif new_hash is not None:  # an account was made for this email while the password was checked
        raise Unauthenticated(NOT_ACCEPTED)
    elif user.role is not invitation.role:
        # Said only to the account's owner: the password proved it.
        raise Conflict("this email belongs to an account with another role; ask your consultant", field="email")
    await end_password_try(db, attempt)
    placement = await db.get(Placement, invitation.placement_id)
    if placement is None:
        raise NotFound("this invitation link is not valid")
    await _join(db, invitation, user, placement)
    invitation.accepted_at = clock.now()
    invitation.accepted_user_id = user.id
    await db.flush()
    await record(
        db,
        Actor(user_id=user.id, role=user.role, request_id=request_id),
        "accept_invitation",
        citizen_id=placement.citizen_id,
        object_type="invitation",
        object_id=invitation.id,
        purpose="joined the placement",
    )
    return user, await create_session(db, user.id, settings, clock=clock)
