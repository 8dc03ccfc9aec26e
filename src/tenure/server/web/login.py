"""Login and logout: password check with throttling, then a signed HttpOnly session cookie."""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from tenure.server.access import AuthDep, ConfigDep
from tenure.server.auth.deps import MaybePrincipal, csrf_matches
from tenure.server.auth.sessions import COOKIE, LIFETIME, end_session, start_session
from tenure.server.auth.throttle import (
    clear_failures,
    record_failure,
    seconds_locked,
    throttle_key,
)
from tenure.server.auth.users import check_password
from tenure.server.config import ServerConfig
from tenure.server.web.render import render

router = APIRouter(include_in_schema=False)
LOGIN_CSRF_COOKIE = "tenure_login_csrf"


def safe_next(target: str | None) -> str:
    """Only local paths are followed after login (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/"
    parts = urlsplit(target)
    return "/" if parts.scheme or parts.netloc or "\\" in target else target


def client_address(request: Request) -> str:
    """The client's IP address (the direct peer; no proxy headers are trusted)."""
    return request.client.host if request.client else "unknown"


def _login_form(
    request: Request, target: str, message: str = "", status: int = 200
) -> HTMLResponse:
    token = secrets.token_urlsafe(24)
    response = render(
        request,
        "login.html",
        {"next": target, "message": message, "login_csrf": token, "title": "Sign in"},
        status=status,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", path="/login", max_age=3600
    )
    return response


@router.get("/login", response_model=None)
def login_page(request: Request, principal: MaybePrincipal, next: str = "/") -> Response:
    """The sign-in form (or straight on when already signed in)."""
    if principal is not None and principal.via == "session":
        return RedirectResponse(safe_next(next), status_code=303)
    return _login_form(request, safe_next(next))


@router.post("/login", response_model=None)
def login(
    request: Request,
    db: AuthDep,
    config: ConfigDep,
    username: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1000)],
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """Check the password (throttled per username and address) and open a session."""
    target = safe_next(next)
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not hmac.compare_digest(expected, csrf_token):
        return _login_form(request, target, "Your form expired; please try again.", 403)
    key = throttle_key(username, client_address(request))
    wait = seconds_locked(db, key)
    if wait > 0:
        return _locked(request, target, wait)
    user = check_password(db, username, password)
    if user is None:
        lock = record_failure(db, key, config.throttle)
        if lock > 0:
            return _locked(request, target, lock)
        return _login_form(request, target, "Wrong username or password.", 401)
    clear_failures(db, key)
    return _signed_in(start_session(db, user.username), target, config)


def _locked(request: Request, target: str, seconds: float) -> Response:
    message = f"Too many failed attempts. Try again in {int(seconds) + 1} seconds."
    response = _login_form(request, target, message, 429)
    response.headers["Retry-After"] = str(int(seconds) + 1)
    return response


def _signed_in(cookie: str, target: str, config: ServerConfig) -> Response:
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        COOKIE,
        cookie,
        max_age=int(LIFETIME.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=config.secure_cookies,
        path="/",
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout", response_model=None)
def logout(
    request: Request,
    db: AuthDep,
    principal: MaybePrincipal,
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """End the session (CSRF-protected) and go back to the sign-in form."""
    if principal is not None and principal.via == "session":
        if not csrf_matches(principal, csrf_token):
            return Response("missing or wrong CSRF token", status_code=403)
        end_session(db, request.cookies.get(COOKIE, ""))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response
