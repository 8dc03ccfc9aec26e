"""The auth database: a SQLite file in the workspace folder that the server and the CLI share.

SQLite in WAL mode with a busy timeout lets a running server and a `tenure users …` command
write at the same time. The file holds password hashes, token hashes, sessions, login
throttling and the cookie-signing key, so it is kept out of git and never in `tenure.toml`.
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

AUTH_FILE = "auth.sqlite"
IGNORED = ("auth.sqlite", "auth.sqlite-wal", "auth.sqlite-shm")

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (
    username TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    csm_id TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
    token_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    csm_id TEXT,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
);
CREATE TABLE IF NOT EXISTS sessions (
    session_hash TEXT PRIMARY KEY,
    username TEXT NOT NULL REFERENCES users(username) ON DELETE CASCADE,
    csrf TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS login_failures (
    throttle_key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_failure_at TEXT NOT NULL,
    locked_until TEXT
);
"""


def utcnow() -> datetime:
    """Now, in UTC."""
    return datetime.now(UTC)


class AuthDB:
    """Connections to one workspace's auth file; each unit of work opens and closes its own."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._ready = False

    @classmethod
    def for_workspace(cls, folder: Path) -> AuthDB:
        """The auth database of the workspace in `folder`."""
        return cls(folder / AUTH_FILE)

    @contextmanager
    def connect(self, write: bool = True) -> Iterator[sqlite3.Connection]:
        """A connection inside one transaction (committed on success, rolled back on error).
        A reading one (`write=False`) does not take the write lock, so concurrent requests
        checking their credentials do not queue behind each other."""
        self._prepare()
        con = sqlite3.connect(self.path, timeout=15, isolation_level=None)
        try:
            con.row_factory = sqlite3.Row
            con.execute("PRAGMA foreign_keys = ON")
            con.execute("BEGIN IMMEDIATE" if write else "BEGIN DEFERRED")
            yield con
            con.execute("COMMIT")
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise
        finally:
            con.close()

    def _prepare(self) -> None:
        if self._ready:
            return
        created = not self.path.exists()
        con = sqlite3.connect(self.path, timeout=15)
        try:
            con.execute("PRAGMA journal_mode = WAL")
            con.executescript(SCHEMA)
            con.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('signing_key', ?)",
                (secrets.token_urlsafe(32),),
            )
            con.commit()
        finally:
            con.close()
        if created:
            self.path.chmod(0o600)
            _ignore_in_git(self.path.parent)
        self._ready = True

    def signing_key(self) -> str:
        """The secret that signs session cookies (created with the file)."""
        with self.connect() as con:
            row = con.execute("SELECT value FROM meta WHERE key = 'signing_key'").fetchone()
        return str(row["value"])


def _ignore_in_git(folder: Path) -> None:
    """Add the auth file to the workspace's .gitignore (the workspace is often a git repo)."""
    ignore = folder / ".gitignore"
    lines = ignore.read_text(encoding="utf-8").splitlines() if ignore.exists() else []
    missing = [name for name in IGNORED if name not in lines]
    if missing:
        text = "\n".join([*lines, *missing]) + "\n"
        ignore.write_text(text, encoding="utf-8")
