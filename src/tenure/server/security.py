"""Security headers on every answer: a strict content policy (all from this origin) and friends."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import Request, Response

#: Everything comes from this origin; Vega compiles expressions with `Function`, hence
#: 'unsafe-eval'; vega-embed injects a style element, hence 'unsafe-inline' for styles.
POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
#: Swagger UI's page starts itself with an inline script.
DOCS_POLICY = POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")


async def security_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """Add the headers to whatever the app answered."""
    response = await call_next(request)
    docs = request.url.path == "/docs"
    response.headers.setdefault("Content-Security-Policy", DOCS_POLICY if docs else POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if not request.url.path.startswith("/static"):
        response.headers.setdefault("Cache-Control", "no-store")
    return response
