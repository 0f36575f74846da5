"""Creating and finding accounts."""

from __future__ import annotations

import re
import uuid

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from goals.bounds import MAX_NAME_LENGTH
from placement.accounts.passwords import hash_password, password_problem
from placement.db.models import Role, User
from placement.errors import Conflict, InvalidInput
from placement.inputs import checked_text

EMAIL_PATTERN = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")


def normalise_email(email: str) -> str:
    cleaned = email.strip().lower()
    if len(cleaned) > 320 or not EMAIL_PATTERN.match(cleaned):
        raise InvalidInput("email is not a valid email address", field="email")
    return cleaned


def parse_role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise InvalidInput(f"role must be one of {', '.join(r.value for r in Role)}", field="role") from None


async def count_users(db: AsyncSession) -> int:
    return int(await db.scalar(select(func.count()).select_from(User)) or 0)


async def create_user(db: AsyncSession, *, email: str, name: str, role: str | Role, password: str | None) -> User:
    """A new active account; the email must be unused. Without a password the account cannot log in yet."""
    address = normalise_email(email)
    clean_name = checked_text(name, "name", MAX_NAME_LENGTH)
    if password is not None and (problem := password_problem(password)):
        raise InvalidInput(problem, field="password")
    if await db.scalar(select(User.id).where(User.email == address)) is not None:
        raise Conflict("an account with this email address exists", field="email")
    user = User(
        email=address,
        name=clean_name,
        role=parse_role(role) if isinstance(role, str) else role,
        password_hash=await hash_password(password) if password is not None else None,
        is_active=True,
    )
    db.add(user)
    await db.flush()
    return user


async def set_language(db: AsyncSession, user_id: uuid.UUID, language: str) -> None:
    """Keep the language a signed-in person chose, so that mails to them are written in it."""
    await db.execute(update(User).where(User.id == user_id).values(language=language))
