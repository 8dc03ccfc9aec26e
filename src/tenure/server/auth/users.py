"""Users: create, list, remove, and check a password."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tenure.server.auth.db import AuthDB, utcnow
from tenure.server.auth.passwords import hash_password, verify_password
from tenure.server.auth.roles import Role

USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")


@dataclass(frozen=True)
class User:
    """A person who logs in to the dashboard."""

    username: str
    role: Role
    csm_id: str | None
    created_at: str


class UserError(ValueError):
    """A user cannot be created or removed as asked."""


def add_user(
    db: AuthDB, username: str, password: str, role: Role, csm_id: str | None = None
) -> User:
    """Create a user; a `csm` must name the `csm_id` of their book."""
    if not USERNAME.match(username):
        raise UserError("a username is 1-64 letters, digits, '.', '_', '@' or '-'")
    if role is Role.CSM and not csm_id:
        raise UserError("a csm user needs --csm-id (the csms.csm_id of their book)")
    password_hash = hash_password(password)
    created = utcnow().isoformat(timespec="seconds")
    with db.connect() as con:
        if con.execute("SELECT 1 FROM users WHERE username = ?", (username,)).fetchone():
            raise UserError(f"user {username!r} already exists")
        con.execute(
            "INSERT INTO users VALUES (?, ?, ?, ?, ?)",
            (username, password_hash, role.value, csm_id, created),
        )
    return User(username, role, csm_id, created)


def list_users(db: AuthDB) -> list[User]:
    """Every user, by name."""
    with db.connect() as con:
        rows = con.execute("SELECT * FROM users ORDER BY username").fetchall()
    return [_user(row) for row in rows]


def get_user(db: AuthDB, username: str) -> User | None:
    """The user named `username`, if any."""
    with db.connect() as con:
        row = con.execute("SELECT * FROM users WHERE username = ?", (username,)).fetchone()
    return _user(row) if row else None


def remove_user(db: AuthDB, username: str) -> None:
    """Delete a user and end their sessions."""
    with db.connect() as con:
        con.execute("DELETE FROM sessions WHERE username = ?", (username,))
        gone = con.execute("DELETE FROM users WHERE username = ?", (username,)).rowcount
    if not gone:
        raise UserError(f"no user {username!r}")


def has_users(db: AuthDB) -> bool:
    """True when at least one user exists."""
    with db.connect() as con:
        return con.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None


def check_password(db: AuthDB, username: str, password: str) -> User | None:
    """The user when `password` is theirs, else None (in constant-ish time)."""
    with db.connect() as con:
        row = con.execute("SELECT * FROM users WHERE username = ?", (username,)).fetchone()
    stored = str(row["password_hash"]) if row else None
    if verify_password(stored, password) and row is not None:
        return _user(row)
    return None


def _user(row: object) -> User:
    values = dict(row)  # type: ignore[call-overload]
    return User(values["username"], Role(values["role"]), values["csm_id"], values["created_at"])
