"""Single-use, expiring invitation tokens stored only as hashes, and accepting them into an account."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from goals.bounds import MAX_NAME_LENGTH
from placement.access.policy import INVITABLE_ROLES, Actor, Permission
from placement.access.scopes import placement_in_reach
from placement.accounts.passwords import hash_password, password_problem, verify_password
from placement.accounts.services import normalise_email, parse_role
from placement.audit.services import record
from placement.auth.services import create_session, token_hash
from placement.config import Settings
from placement.db.models import Invitation, Placement, PlacementMember, User
from placement.errors import Conflict, InvalidInput, NotFound, ServiceError, Unauthenticated
from placement.inputs import checked_text

TOKEN_BYTES = 32  # 256 bits, well above the 128 the service promises


class Expired(ServiceError):
    status_code = 410


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


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def invite(db: AsyncSession, actor: Actor, settings: Settings, placement_id: str, *, role: str, email: str,
                 name: str) -> CreatedInvitation:
    access = await placement_in_reach(db, actor, placement_id, Permission.INVITE)
    invited_role = parse_role(role)
    if invited_role not in INVITABLE_ROLES:
        raise InvalidInput("role must be company_contact, mentor or citizen", field="role")
    clean_name = checked_text(name, "name", MAX_NAME_LENGTH)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    invitation = Invitation(
        placement_id=access.placement.id, role=invited_role, email=normalise_email(email), name=clean_name,
        token_hash=token_hash(token), created_by_id=actor.user_id,
        expires_at=_now() + dt.timedelta(days=settings.invitation_days),
    )
    db.add(invitation)
    await db.flush()
    await record(db, actor, "invite", citizen_id=access.placement.citizen_id, object_type="invitation",
                 object_id=invitation.id, purpose=f"invite {invited_role.value}")
    return CreatedInvitation(invitation=invitation, token=token)


async def list_invitations(db: AsyncSession, actor: Actor, placement_id: str) -> list[InvitationRow]:
    access = await placement_in_reach(db, actor, placement_id, Permission.INVITE)
    rows = await db.scalars(
        select(Invitation).where(Invitation.placement_id == access.placement.id).order_by(Invitation.created_at.desc())
    )
    await record(db, actor, "list", citizen_id=access.placement.citizen_id, object_type="invitation",
                 purpose="invitations of the placement")
    return [InvitationRow(id=i.id, role=i.role.value, name=i.name, email=i.email, created_at=i.created_at,
                          expires_at=i.expires_at, accepted_at=i.accepted_at) for i in rows]


async def accept(db: AsyncSession, settings: Settings, *, token: str, password: str,
                 request_id: str = "") -> tuple[User, str]:
    """Tie the invited person to the placement (a new account, or their existing one) and log them in."""
    invitation = await db.scalar(
        select(Invitation).where(Invitation.token_hash == token_hash(token.strip())).with_for_update()
    )
    if invitation is None:
        raise NotFound("this invitation link is not valid")
    if invitation.accepted_at is not None:
        raise Conflict("this invitation has already been used; log in instead", field="token")
    if invitation.expires_at <= _now():
        raise Expired("this invitation has expired; ask your consultant for a new one", field="token")
    user = await db.scalar(select(User).where(User.email == invitation.email))
    if user is None:
        if problem := password_problem(password):
            raise InvalidInput(problem, field="password")
        user = User(email=invitation.email, name=invitation.name, role=invitation.role,
                    password_hash=await hash_password(password), is_active=True)
        db.add(user)
        await db.flush()
    else:
        # The link alone must not take over an account that exists: its owner proves it with their password.
        matches, _ = await verify_password(user.password_hash, password)
        if not matches or not user.is_active:
            raise Unauthenticated("an account with this email exists; enter its password to accept")
        if user.role is not invitation.role:
            raise Conflict("this email belongs to an account with another role; ask your consultant", field="email")
    placement = await db.get(Placement, invitation.placement_id)
    existing = await db.scalar(select(PlacementMember).where(PlacementMember.placement_id == invitation.placement_id,
                                                            PlacementMember.user_id == user.id))
    if existing is None:
        db.add(PlacementMember(placement_id=invitation.placement_id, user_id=user.id, role=invitation.role))
    invitation.accepted_at = _now()
    invitation.accepted_user_id = user.id
    await db.flush()
    await record(db, Actor(user_id=user.id, role=user.role, request_id=request_id), "accept_invitation",
                 citizen_id=placement.citizen_id if placement else None, object_type="invitation",
                 object_id=invitation.id, purpose="joined the placement")
    return user, await create_session(db, user.id, settings)
