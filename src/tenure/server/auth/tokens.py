"""API tokens for machines: shown once, stored as a hash, scoped to a role, revocable.

A token reads `tnr_<id>_<secret>`. The id finds the row; the secret (256 random bits)
is stored as its SHA-256, which is enough for a secret this long.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from tenure.server.auth import token_cache
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
    token_cache.forget(token_id)
    if not changed:
        raise UserError(f"no active token {token_id!r}")


def authenticate_token(db: AuthDB, token: str) -> Principal | None:
    """The principal of a valid, unrevoked token, else None.

    A token found valid is remembered for a few seconds while the auth file is unchanged
    (see `token_cache`): a revocation takes effect at once in this process and, from
    another process, at the next request (at most `token_cache.TTL` seconds later).
    """
    token_id, secret = _split(token)
    if not token_id:
        return None
    key = token_cache.token_key(db, token)
    stamp = token_cache.auth_stamp(db)  # taken before the look-up: a later write shows
    known = token_cache.recall(key, stamp, USE_PRECISION)
    if known is not None:
        return known
    return _look_up(db, token_id, secret, key, stamp)


def remembered_token(db: AuthDB, token: str) -> Principal | None:
    """The principal of a token checked moments ago and still trusted (see `token_cache`),
    without reading the auth file; None otherwise (then ask `authenticate_token`)."""
    if not _split(token)[0]:
        return None
    key = token_cache.token_key(db, token)
    return token_cache.recall(key, token_cache.auth_stamp(db), USE_PRECISION)


def _look_up(
    db: AuthDB, token_id: str, secret: str, key: tuple[str, str], stamp: token_cache.Stamp
) -> Principal | None:
    """Check the token in the auth file, record its use, and remember it when valid."""
    checked_at = time.monotonic()
    with db.connect(write=False) as con:
        row = con.execute(
            "SELECT * FROM tokens WHERE token_id = ? AND revoked_at IS NULL", (token_id,)
        ).fetchone()
    if row is None or not hmac.compare_digest(row["secret_hash"], _digest(secret)):
        return None
    last_used = _note_use(db, token_id, row["last_used_at"])
    principal = Principal(f"token:{row['name']}", Role(row["role"]), row["csm_id"], via="token")
    entry = token_cache.Entry(token_id, principal, stamp, checked_at, last_used)
    token_cache.remember(key, entry)
    return principal


def _note_use(db: AuthDB, token_id: str, last_used: str | None) -> datetime:
    """Record when the token was last used, to the minute: a token used many times a
    second would otherwise make every request wait for the write lock. Returns the
    recorded time of last use."""
    now = utcnow()
    if last_used and now - datetime.fromisoformat(last_used) < USE_PRECISION:
        return datetime.fromisoformat(last_used)
    stamp = now.isoformat(timespec="seconds")
    with db.connect() as con:
        con.execute("UPDATE tokens SET last_used_at = ? WHERE token_id = ?", (stamp, token_id))
    return datetime.fromisoformat(stamp)


def _split(token: str) -> tuple[str, str]:
    if not token.startswith(PREFIX):
        return "", ""
    token_id, _, secret = token[len(PREFIX) :].partition("_")
    return token_id, secret
