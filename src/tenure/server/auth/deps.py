"""FastAPI dependencies that authenticate a request and check its permission and CSRF token.

The API answers 401 to anonymous callers and 403 to callers whose role lacks the
permission; pages redirect anonymous visitors to the login form instead (see `web`).
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer

from tenure.server.access import AuthDep
from tenure.server.auth.principal import Principal
from tenure.server.auth.roles import Permission
from tenure.server.auth.sessions import COOKIE, session_principal
from tenure.server.auth.tokens import authenticate_token

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_HEADER = "X-CSRF-Token"

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="token",
    description="An API token from `tenure tokens create` (scoped to a role).",
)
session_cookie = APIKeyCookie(
    name=COOKIE,
    auto_error=False,
    scheme_name="session",
    description=f"The dashboard session cookie; writes also need the `{CSRF_HEADER}` header.",
)


class LoginRequired(Exception):
    """A page was asked for without a valid session (the handler redirects to /login)."""


def identify(
    request: Request,
    db: AuthDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    cookie: Annotated[str | None, Depends(session_cookie)],
) -> Principal | None:
    """The caller, from a bearer token or else the session cookie; None when anonymous."""
    if credentials is not None:
        return authenticate_token(db, credentials.credentials)
    if cookie:
        return session_principal(db, cookie)
    return None


MaybePrincipal = Annotated[Principal | None, Depends(identify)]


def api_principal(request: Request, principal: MaybePrincipal) -> Principal:
    """The authenticated API caller (401 otherwise; 403 on a session write without CSRF)."""
    if principal is None:
        raise HTTPException(401, "authentication required", headers={"WWW-Authenticate": "Bearer"})
    if principal.via == "session" and request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER, "")
        if not csrf_matches(principal, sent):
            raise HTTPException(403, f"missing or wrong {CSRF_HEADER} header")
    return principal


def page_principal(principal: MaybePrincipal) -> Principal:
    """The logged-in visitor of a page (pages only accept session cookies)."""
    if principal is None or principal.via != "session":
        raise LoginRequired
    return principal


def csrf_matches(principal: Principal, sent: str | None) -> bool:
    """True when `sent` is the session's CSRF token."""
    return bool(principal.csrf and sent) and hmac.compare_digest(principal.csrf or "", sent or "")


def require(permission: Permission) -> Callable[[Principal], Principal]:
    """Dependency factory: an API caller whose role grants `permission` (403 otherwise)."""

    def check(principal: Annotated[Principal, Depends(api_principal)]) -> Principal:
        if not principal.can(permission):
            raise HTTPException(403, f"your role ({principal.role}) may not do this")
        return principal

    return check


def require_page(permission: Permission) -> Callable[[Principal], Principal]:
    """Dependency factory: a logged-in visitor whose role grants `permission`."""

    def check(principal: Annotated[Principal, Depends(page_principal)]) -> Principal:
        if not principal.can(permission):
            raise HTTPException(403, f"your role ({principal.role}) may not see this page")
        return principal

    return check


ApiUser = Annotated[Principal, Depends(api_principal)]
