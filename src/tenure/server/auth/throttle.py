"""Login throttling per username and client address.

After `free` failed attempts, each further failure locks the pair out for a window that
doubles every time (base, 2×base, 4×base…, capped). A success clears the record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tenure.server.auth.db import AuthDB, utcnow


@dataclass(frozen=True)
class ThrottlePolicy:
    """How many failures are free and how long the lockouts last."""

    free: int = 5
    base_seconds: float = 30.0
    max_seconds: float = 900.0
    forget_after: timedelta = timedelta(hours=1)


def throttle_key(username: str, address: str) -> str:
    """The key failures are counted under."""
    return f"{username.strip().lower()}|{address}"


def seconds_locked(db: AuthDB, key: str, now: datetime | None = None) -> float:
    """Seconds until `key` may try again (0 when it may try now)."""
    moment = now or utcnow()
    with db.connect() as con:
        row = con.execute(
            "SELECT locked_until FROM login_failures WHERE throttle_key = ?", (key,)
        ).fetchone()
    if row is None or row["locked_until"] is None:
        return 0.0
    remaining = (datetime.fromisoformat(row["locked_until"]) - moment).total_seconds()
    return max(0.0, remaining)


def record_failure(
    db: AuthDB, key: str, policy: ThrottlePolicy, now: datetime | None = None
) -> float:
    """Count a failed attempt; returns the lockout it starts, in seconds (0: none)."""
    moment = now or utcnow()
    with db.connect() as con:
        row = con.execute(
            "SELECT failures, last_failure_at FROM login_failures WHERE throttle_key = ?", (key,)
        ).fetchone()
        failures = 1
        if row is not None and _recent(row["last_failure_at"], moment, policy):
            failures = int(row["failures"]) + 1
        lock = _lockout(failures, policy)
        until = (moment + timedelta(seconds=lock)).isoformat() if lock else None
        con.execute(
            "INSERT OR REPLACE INTO login_failures VALUES (?, ?, ?, ?)",
            (key, failures, moment.isoformat(), until),
        )
    return lock


def clear_failures(db: AuthDB, key: str) -> None:
    """Forget the failures of `key` (after a successful login)."""
    with db.connect() as con:
        con.execute("DELETE FROM login_failures WHERE throttle_key = ?", (key,))


def _recent(last: str, now: datetime, policy: ThrottlePolicy) -> bool:
    return now - datetime.fromisoformat(last) < policy.forget_after


def _lockout(failures: int, policy: ThrottlePolicy) -> float:
    extra = failures - policy.free
    if extra < 0:
        return 0.0
    return float(min(policy.max_seconds, policy.base_seconds * 2**extra))
