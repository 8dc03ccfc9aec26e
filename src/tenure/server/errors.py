"""Errors as HTTP answers: JSON for the API, an HTML page or a redirect for the dashboard."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import HTTPException, RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response

from tenure.config import ConfigError
from tenure.errors import TenureError
from tenure.server.auth.deps import LoginRequired
from tenure.storage.store import WorkspaceBusy

BUSY_MESSAGE = "workspace busy: another process is writing to it; retry in a few seconds"


def is_api(request: Request) -> bool:
    """True for API paths (JSON answers), False for dashboard pages."""
    return request.url.path.startswith("/api")


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that turn errors into answers."""
    app.add_exception_handler(LoginRequired, _login_required)
    app.add_exception_handler(WorkspaceBusy, _busy)
    app.add_exception_handler(TenureError, _user_error)
    app.add_exception_handler(ConfigError, _user_error)
    # The engine reports some impossible requests (a range ending before it starts) as
    # ValueError: they are the caller's to fix, not server errors.
    app.add_exception_handler(ValueError, _user_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)


async def _login_required(request: Request, error: Exception) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


async def _busy(request: Request, error: Exception) -> Response:
    return _answer(request, 503, BUSY_MESSAGE, {"Retry-After": "5"})


async def _user_error(request: Request, error: Exception) -> Response:
    return _answer(request, 400, str(error).splitlines()[0] if str(error) else "bad request")


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    return _answer(request, error.status_code, str(error.detail), dict(error.headers or {}))


async def _validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    if is_api(request):
        return JSONResponse({"detail": _jsonable(error.errors())}, status_code=422)
    problems = "; ".join(_describe(problem) for problem in error.errors())
    return _answer(request, 422, f"invalid request: {problems}")


def _answer(
    request: Request, status: int, message: str, headers: dict[str, str] | None = None
) -> Response:
    if is_api(request):
        return JSONResponse({"detail": message}, status_code=status, headers=headers)
    from tenure.server.web.render import error_page

    return error_page(request, status, message, headers)


def _describe(problem: object) -> str:
    detail = dict(problem)  # type: ignore[call-overload]
    where = ".".join(str(part) for part in detail.get("loc", ())[1:])
    return f"{where}: {detail.get('msg', '')}"


def _jsonable(problems: object) -> list[dict[str, object]]:
    items = list(problems)  # type: ignore[call-overload]
    return [
        {key: value for key, value in dict(item).items() if key in ("loc", "msg", "type")}
        for item in items
    ]
