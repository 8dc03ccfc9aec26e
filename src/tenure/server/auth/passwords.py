"""Password hashing with argon2id (a deliberately slow hash)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()

#: A valid hash of a random password: verifying against it costs the same time as a real
#: check, so a login for an unknown user is not faster than one with a wrong password.
_DUMMY_HASH = _HASHER.hash("tenure-dummy-password-for-constant-time")

MIN_LENGTH = 10


def hash_password(password: str) -> str:
    """The argon2id hash of `password` (a ValueError if it is too short)."""
    if len(password) < MIN_LENGTH:
        raise ValueError(f"a password needs at least {MIN_LENGTH} characters")
    return _HASHER.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when `password` matches `stored_hash` (None: an unknown user, still slow)."""
    try:
        return _HASHER.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False
