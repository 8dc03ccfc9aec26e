"""API tokens for machines: shown once, stored as a hash, scoped to a role, revocable.

A token reads `tnr_<id>_<secret>`. The id finds the row; the secret (256 random bits)
is stored as its SHA-256, which is enough for a secret this long.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from tenure.server.auth.db import AuthDB, utcnow
from tenure.server.auth.principal import Principal
from tenure.server.auth.roles import Role
from tenure.server.auth.users import UserError

PREFIX = "tnr_"
#: A token's last use is recorded to this precision.
USE_PRECISION = timedelta(minutes=1)


@dataclass(frozen=True)
class TokenInfo:
    """A token's public description (never its secret)."""

    token_id: str
    name: str
    role: Role
    csm_id: str | None
    created_at: str
    last_used_at: str | None
    revoked_at: str | None


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(db: AuthDB, name: str, role: Role, csm_id: str | None = None) -> tuple[str, str]:
    """Create a token; returns (token id, the full token to hand over once)."""
    if role is Role.CSM and not csm_id:
        raise UserError("a csm token needs --csm-id (the csms.csm_id of its book)")
    token_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    created = utcnow().isoformat(timespec="seconds")
    with db.connect() as con:
        con.execute(
            "INSERT INTO tokens VALUES (?, ?, ?, ?, ?, ?, NULL, NULL)",
            (token_id, name, _digest(secret), role.value, csm_id, created),
        )
    return token_id, f"{PREFIX}{token_id}_{secret}"


def list_tokens(db: AuthDB) -> list[TokenInfo]:
    """Every token, newest first, revoked ones included."""
    with db.connect() as con:
        rows = con.execute("SELECT * FROM tokens ORDER BY created_at DESC").fetchall()
    return [
        TokenInfo(
            row["token_id"],
            row["name"],
            Role(row["role"]),
            row["csm_id"],
            row["created_at"],
            row["last_used_at"],
            row["revoked_at"],
        )
        for row in rows
    ]


def revoke_token(db: AuthDB, token_id: str) -> None:
    """Revoke a token by id (or by its full text); it stops working at once."""
    token_id = _split(token_id)[0] if token_id.startswith(PREFIX) else token_id
    now = utcnow().isoformat(timespec="seconds")
    with db.connect() as con:
        changed = con.execute(
            "UPDATE tokens SET revoked_at = ? WHERE token_id = ? AND revoked_at IS NULL",
            (now, token_id),
        ).rowcount
    if not changed:
        raise UserError(f"no active token {token_id!r}")


def authenticate_token(db: AuthDB, token: str) -> Principal | None:
    """The principal of a valid, unrevoked token, else None."""
    token_id, secret = _split(token)
    if not token_id:
        return None
    with db.connect(write=False) as con:
        row = con.execute(
            "SELECT * FROM tokens WHERE token_id = ? AND revoked_at IS NULL", (token_id,)
        ).fetchone()
    if row is None or not hmac.compare_digest(row["secret_hash"], _digest(secret)):
        return None
    _note_use(db, token_id, row["last_used_at"])
    return Principal(f"token:{row['name']}", Role(row["role"]), row["csm_id"], via="token")


def _note_use(db: AuthDB, token_id: str, last_used: str | None) -> None:
    """Record when the token was last used, to the minute: a token used many times a
    second would otherwise make every request wait for the write lock."""
    now = utcnow()
    if last_used and now - datetime.fromisoformat(last_used) < USE_PRECISION:
        return
    with db.connect() as con:
        stamp = now.isoformat(timespec="seconds")
        con.execute("UPDATE tokens SET last_used_at = ? WHERE token_id = ?", (stamp, token_id))


def _split(token: str) -> tuple[str, str]:
    if not token.startswith(PREFIX):
        return "", ""
    token_id, _, secret = token[len(PREFIX) :].partition("_")
    return token_id, secret
