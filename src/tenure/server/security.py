"""Security headers on every answer: a strict content policy (all from this origin) and friends."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: Everything comes from this origin; Vega compiles expressions with `Function`, hence
#: 'unsafe-eval'; vega-embed injects a style element, hence 'unsafe-inline' for styles.
POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
#: Swagger UI's page starts itself with an inline script.
DOCS_POLICY = POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")


class SecurityHeaders:
    """ASGI middleware adding the headers to whatever the app answered (headers the app
    set itself are kept). Plain ASGI rather than an `@app.middleware("http")` function,
    which would copy every answer through a stream and a task of its own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = headers_for(scope["path"])

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in extra:
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def headers_for(path: str) -> list[tuple[str, str]]:
    """The security headers of an answer to `path`."""
    found = [
        ("Content-Security-Policy", DOCS_POLICY if path == "/docs" else POLICY),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
        ("X-Frame-Options", "DENY"),
    ]
    if not path.startswith("/static"):
        found.append(("Cache-Control", "no-store"))
    return found
