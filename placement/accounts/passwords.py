"""Password hashing with argon2id (RFC 9106 low-memory profile: stronger than OWASP's minimum), off the event loop."""

from __future__ import annotations

import anyio
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024

_hasher = PasswordHasher()
# Hashing is CPU-heavy and runs in threads: bound how many run at once so that logins cannot starve the service.
_limiter: anyio.CapacityLimiter | None = None


def _capacity() -> anyio.CapacityLimiter:
    global _limiter
    if _limiter is None:
        _limiter = anyio.CapacityLimiter(4)
    return _limiter


def password_problem(password: str) -> str | None:
    """Why a new password cannot be used, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"password must be at least {MIN_PASSWORD_LENGTH} characters"
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"password must be at most {MAX_PASSWORD_LENGTH} characters"
    return None


def configure_hashing(*, time_cost: int, memory_cost: int, parallelism: int) -> None:
    """Hash new passwords with these argon2id costs (memory in KiB) from now on, in this process.

    The defaults are RFC 9106's low-memory profile. A hash made with other costs still verifies, and is made anew
    with these at the next successful sign-in. Tests use this to make hashing cheap.
    """
    global _hasher
    _hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)


def needs_rehash(stored_hash: str) -> bool:
    """Whether a stored hash was made with other costs than the ones new hashes get."""
    return _hasher.check_needs_rehash(stored_hash)


async def hash_password(password: str) -> str:
    return await anyio.to_thread.run_sync(_hasher.hash, password, limiter=_capacity())


def _verify(stored_hash: str, password: str) -> tuple[bool, str | None]:
    try:
        _hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False, None
    return True, _hasher.hash(password) if needs_rehash(stored_hash) else None


async def verify_password(stored_hash: str | None, password: str) -> tuple[bool, str | None]:
    """(matches, new hash when the parameters changed). A missing hash still costs one hash, so timing tells nothing."""
    if stored_hash is None:
        await hash_password(password)
        return False, None
    return await anyio.to_thread.run_sync(_verify, stored_hash, password, limiter=_capacity())
