"""Login sessions: a random id in a signed, HttpOnly cookie; the server keeps its hash.

Each session carries its own CSRF token, which every state-changing form and every
cookie-authenticated API write must send back.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from itsdangerous import BadSignature, URLSafeSerializer

from tenure.server.auth.db import AuthDB, utcnow
from tenure.server.auth.principal import Principal
from tenure.server.auth.roles import Role

COOKIE = "tenure_session"
LIFETIME = timedelta(hours=12)


def _digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def _signer(db: AuthDB) -> URLSafeSerializer:
    return URLSafeSerializer(db.signing_key(), salt="tenure-session")


def start_session(db: AuthDB, username: str) -> str:
    """Open a session for `username`; returns the signed cookie value."""
    session_id = secrets.token_urlsafe(32)
    now = utcnow()
    with db.connect() as con:
        con.execute("DELETE FROM sessions WHERE expires_at < ?", (now.isoformat(),))
        con.execute(
            "INSERT INTO sessions VALUES (?, ?, ?, ?, ?)",
            (
                _digest(session_id),
                username,
                secrets.token_urlsafe(24),
                now.isoformat(),
                (now + LIFETIME).isoformat(),
            ),
        )
    return str(_signer(db).dumps(session_id))


def session_principal(db: AuthDB, cookie: str, now: datetime | None = None) -> Principal | None:
    """The user of a valid, unexpired session cookie, else None."""
    try:
        session_id = str(_signer(db).loads(cookie))
    except BadSignature:
        return None
    moment = (now or utcnow()).isoformat()
    with db.connect(write=False) as con:
        row = con.execute(
            "SELECT s.csrf, u.username, u.role, u.csm_id FROM sessions s "
            "JOIN users u ON u.username = s.username "
            "WHERE s.session_hash = ? AND s.expires_at > ?",
            (_digest(session_id), moment),
        ).fetchone()
    if row is None:
        return None
    return Principal(row["username"], Role(row["role"]), row["csm_id"], "session", row["csrf"])


def end_session(db: AuthDB, cookie: str) -> None:
    """Forget a session (logout)."""
    try:
        session_id = str(_signer(db).loads(cookie))
    except BadSignature:
        return
    with db.connect() as con:
        con.execute("DELETE FROM sessions WHERE session_hash = ?", (_digest(session_id),))
