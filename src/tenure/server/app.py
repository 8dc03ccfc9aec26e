"""The app factory: API, dashboard, static assets, error handling, security headers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.staticfiles import StaticFiles

from tenure import __version__
from tenure.server.answers import AnswerCache
from tenure.server.api import build_api_router
from tenure.server.auth.db import AuthDB
from tenure.server.config import ServerConfig
from tenure.server.errors import install_error_handlers
from tenure.server.security import SecurityHeaders
from tenure.server.warmup import start_warmup
from tenure.server.web import assets
from tenure.server.web.pages import web_router

DESCRIPTION = """The REST API of tenure. Every dashboard page has a JSON twin under `/api/pages`.

Authenticate with an API token (`Authorization: Bearer tnr_…`, from `tenure tokens create`)
or the dashboard's session cookie (writes then need the `X-CSRF-Token` header).
Rates are fractions (0.05 = 5 %); money is in the workspace currency.
"""


def lifespan(config: ServerConfig) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """Start-up work: warm the result cache in the background when asked."""

    @asynccontextmanager
    async def run(app: FastAPI) -> AsyncIterator[None]:
        if config.warm_cache:
            start_warmup(config.folder)
        yield

    return run


def create_app(config: ServerConfig | Path) -> FastAPI:
    """A tenure server for the workspace in `config.folder`."""
    if isinstance(config, Path):
        config = ServerConfig(folder=config)
    app = FastAPI(
        lifespan=lifespan(config),
        title="tenure",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.config = config
    app.state.auth = AuthDB.for_workspace(config.folder)
    install_error_handlers(app)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(GZipMiddleware, minimum_size=1000)
    app.add_middleware(AnswerCache, folder=config.folder, auth=app.state.auth)
    app.include_router(build_api_router(), prefix="/api")
    app.include_router(assets.router)
    app.include_router(web_router())
    app.mount(assets.SWAGGER_PATH, StaticFiles(directory=assets.swagger_folder()), "swagger")
    app.mount("/static", StaticFiles(directory=assets.STATIC), "static")
    return app
