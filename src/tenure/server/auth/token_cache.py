"""A short in-process memory of valid tokens, so a busy client is not looked up every request.

An entry is keyed by the SHA-256 of the whole token (never the token itself) and is trusted
only while all of these hold:

* the auth file and its write-ahead log keep the (size, modification time) they had when
  the token was looked up — any write to the auth database, such as a revocation from
  another process (`tenure tokens revoke`), changes them;
* it is younger than `TTL` seconds, which bounds how long a revocation from another
  process can go unseen even if the file stamp could not tell (two writes in one tick of
  the file system's clock);
* the token's last use was recorded less than `USE_PRECISION` ago (so recording it, to
  the minute, goes on as before).

A revocation in this process forgets the token's entries at once.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from tenure.server.auth.db import AuthDB, utcnow
from tenure.server.auth.principal import Principal
from tenure.server.stamps import Stamp as FileStamp
from tenure.server.stamps import file_stamps

#: Longest time a remembered token is trusted without a look-up (seconds).
TTL = 5.0
#: Most tokens remembered at once (the oldest are forgotten first).
MAX_ENTRIES = 1024

Stamp = tuple[FileStamp, ...]


@dataclass(frozen=True)
class Entry:
    """A token found valid: who it is, and what made the look-up true."""

    token_id: str
    principal: Principal
    stamp: Stamp
    checked_at: float
    last_used: datetime


_entries: dict[tuple[str, str], Entry] = {}
_lock = threading.Lock()


def token_key(db: AuthDB, token: str) -> tuple[str, str]:
    """The cache key of `token` in `db`: the auth file and the token's SHA-256."""
    return (str(db.path), hashlib.sha256(token.encode()).hexdigest())


def auth_stamp(db: AuthDB) -> Stamp:
    """The stamps of the auth file and its write-ahead log."""
    return file_stamps((db.path, db.path.with_name(db.path.name + "-wal")))


def recall(key: tuple[str, str], stamp: Stamp, precision: timedelta) -> Principal | None:
    """The remembered principal of a token, when its entry may still be trusted."""
    with _lock:
        entry = _entries.get(key)
    if entry is None or entry.stamp != stamp or time.monotonic() - entry.checked_at > TTL:
        return None
    if utcnow() - entry.last_used >= precision:
        return None
    return entry.principal


def remember(key: tuple[str, str], entry: Entry) -> None:
    """Keep a token found valid (forgetting the oldest entry when full)."""
    with _lock:
        _entries.pop(key, None)
        _entries[key] = entry
        while len(_entries) > MAX_ENTRIES:
            del _entries[next(iter(_entries))]


def forget(token_id: str) -> None:
    """Forget every entry of a token id (called when it is revoked in this process)."""
    with _lock:
        for key in [key for key, entry in _entries.items() if entry.token_id == token_id]:
            del _entries[key]


def clear() -> None:
    """Forget every token."""
    with _lock:
        _entries.clear()
