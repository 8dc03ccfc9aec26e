"""Whole answers kept per caller scope and data version: a repeated API read is replayed.

A dashboard asks the same few reads again and again. Their results are already cached by
the engine (`tenure.server.engine`), but rebuilding the answer — authentication, routing,
parameter parsing, response validation, JSON encoding, compression — still cost several
milliseconds of CPU each time. This ASGI middleware keeps the finished answer (status 200,
headers and body bytes, compressed when the client accepts gzip) of the read-only routes
under `CACHED_PREFIXES`, keyed by everything that decides it:

* the data version (`engine.folder_version`: the DuckDB file, its log, the settings, the
  saved model, the day) — an import or any other write shows at the next request;
* the caller's `Principal.scope` (role and book): what the app checks and filters by;
* the method, path, query string and whether the client accepts gzip.

Only callers with a valid bearer token are served from it (the token is checked on every
request, see `auth.tokens`); anonymous callers, session cookies, other backends than a
DuckDB file and every answer but a 200 go through the app as before.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path

from anyio import to_thread
from fastapi.security.utils import get_authorization_scheme_param
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tenure.metrics.cache import LRU
from tenure.server.auth.db import AuthDB
from tenure.server.auth.principal import Principal
from tenure.server.auth.tokens import authenticate_token, remembered_token
from tenure.server.engine import folder_version

#: Read-only routes whose answers depend only on the data, the caller's scope and the URL.
CACHED_PREFIXES = ("/api/metrics", "/api/accounts", "/api/cohorts")
#: Answers kept at once, and the largest body kept.
MAX_ANSWERS = 256
MAX_BODY = 1 << 20


@dataclass(frozen=True)
class Answer:
    """A finished answer: its headers (raw) and body."""

    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes


ANSWERS = LRU(MAX_ANSWERS)


class AnswerCache:
    """ASGI middleware replaying kept answers (see the module's description)."""

    def __init__(self, app: ASGIApp, folder: Path, auth: AuthDB) -> None:
        self.app = app
        self.folder = folder
        self.auth = auth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = await self.key(scope) if cacheable(scope) else None
        if key is None:
            await self.app(scope, receive, send)
            return
        answer: Answer | None = ANSWERS.find(key)
        if answer is not None:
            await replay(answer, send)
            return
        await self.app(scope, receive, Recorder(send, key))

    async def key(self, scope: Scope) -> Hashable | None:
        """What decides the answer to this request; None when it is not to be kept."""
        token = bearer_token(scope)
        if token is None:
            return None
        principal = await self.principal(token)
        try:
            version = folder_version(self.folder)
        except Exception:  # an unreadable workspace: the app gives the error
            return None
        if principal is None or version is None:
            return None
        request = (scope["method"], scope.get("root_path", ""), scope["path"])
        query = scope.get("query_string", b"")
        return (version, *request, query, principal.scope, accepts_gzip(scope))

    async def principal(self, token: str) -> Principal | None:
        """The token's principal: from memory when just checked, else from the auth file
        (in a worker thread: it may wait for the file)."""
        known = remembered_token(self.auth, token)
        if known is not None:
            return known
        return await to_thread.run_sync(authenticate_token, self.auth, token)


def cacheable(scope: Scope) -> bool:
    """True for a GET of a route whose answers are kept."""
    if scope["type"] != "http" or scope["method"] != "GET":
        return False
    path: str = scope["path"]
    return path.startswith(CACHED_PREFIXES)


def header(scope: Scope, name: bytes) -> str | None:
    """The first value of a request header (`name` in lower case), as text."""
    for key, value in scope["headers"]:
        if key == name:
            text: str = value.decode("latin-1")
            return text
    return None


def bearer_token(scope: Scope) -> str | None:
    """The bearer token sent, read as `fastapi.security.HTTPBearer` reads it."""
    authorization = header(scope, b"authorization")
    scheme, credentials = get_authorization_scheme_param(authorization)
    if not (authorization and scheme and credentials) or scheme.lower() != "bearer":
        return None
    return credentials


def accepts_gzip(scope: Scope) -> bool:
    """True when the answer is compressed for this client (as `GZipMiddleware` decides)."""
    return "gzip" in (header(scope, b"accept-encoding") or "")


async def replay(answer: Answer, send: Send) -> None:
    """Send a kept answer."""
    await send({"type": "http.response.start", "status": 200, "headers": list(answer.headers)})
    await send({"type": "http.response.body", "body": answer.body})


class Recorder:
    """A `send` that passes every message on and keeps the answer under `key` when it is
    a whole 200, not too big, that sets no cookie."""

    def __init__(self, send: Send, key: Hashable) -> None:
        self.send = send
        self.key = key
        self.status = 0
        self.headers: tuple[tuple[bytes, bytes], ...] = ()
        self.chunks: list[bytes] = []
        self.size = 0

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.headers = tuple((bytes(k), bytes(v)) for k, v in message.get("headers", []))
        elif message["type"] == "http.response.body" and self.keeping:
            body: bytes = message.get("body", b"")
            self.chunks.append(body)
            self.size += len(body)
            if not message.get("more_body", False) and self.keeping:
                ANSWERS.keep(self.key, Answer(self.headers, b"".join(self.chunks)))
        await self.send(message)

    @property
    def keeping(self) -> bool:
        """True while the answer may still be kept."""
        if self.status != 200 or self.size > MAX_BODY:
            return False
        return not any(name.lower() == b"set-cookie" for name, _ in self.headers)
