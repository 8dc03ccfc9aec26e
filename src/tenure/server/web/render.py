"""Rendering templates: the Jinja environment, the page context, the error page."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from tenure import __version__
from tenure.server.auth.principal import Principal
from tenure.server.web.formatting import FILTERS

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

templates = Jinja2Templates(directory=str(TEMPLATES))
templates.env.filters.update(FILTERS)
templates.env.globals["version"] = __version__


def render(
    request: Request,
    template: str,
    context: dict[str, Any],
    principal: Principal | None = None,
    status: int = 200,
) -> HTMLResponse:
    """Render `template` with the navigation and the caller's CSRF token."""
    from tenure.server.views.registry import navigation

    values = {
        "user": principal,
        "csrf_token": principal.csrf if principal else "",
        "nav": navigation(principal) if principal else [],
        "path": request.url.path,
        "query": query_builder(request),
        **context,
    }
    return templates.TemplateResponse(request, template, values, status_code=status)


def query_builder(request: Request) -> Any:
    """`query(sort="mrr")`: the current query string with some parameters changed."""

    def query(**changes: Any) -> str:
        values = dict(request.query_params)
        values.update({key: str(value) for key, value in changes.items() if value is not None})
        for key, value in changes.items():
            if value is None:
                values.pop(key, None)
        return urlencode({key: value for key, value in values.items() if value != ""})

    return query


def error_page(
    request: Request, status: int, message: str, headers: dict[str, str] | None = None
) -> HTMLResponse:
    """The HTML error page (no navigation: the visitor may not be known here)."""
    response = templates.TemplateResponse(
        request,
        "error.html",
        {"status": status, "message": message, "user": None, "nav": [], "path": ""},
        status_code=status,
    )
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response
