"""Short-lived workspace access: one connection per request, closed when it ends.

A DuckDB file admits one writing process. The server therefore never holds the file
between requests, so `tenure import` from another process can take it; when that process
holds it, `Store.connect` waits, and a request still refused answers 503 "workspace busy".
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, cast

from fastapi import Depends, Request

from tenure.config import Settings, load_settings
from tenure.server.auth.db import AuthDB
from tenure.server.config import ServerConfig
from tenure.workspace import Workspace


class RequestWorkspace:
    """The workspace of one request, opened on first use.

    Its folder and settings are known without opening it, so a request answered from the
    result cache (keyed by the workspace files' stamp, see `tenure.server.engine`) never
    connects to the backend at all. Everything else opens the workspace and is passed on.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._opened: Workspace | None = None

    @functools.cached_property
    def settings(self) -> Settings:
        return self._opened.settings if self._opened else load_settings(self.folder)

    def _open(self) -> Workspace:
        if self._opened is None:
            self._opened = Workspace.open(self.folder)
            self._opened.keep_blocks = False  # one request, one connection: nothing to share
        return self._opened

    def __getattr__(self, name: str) -> Any:
        return getattr(self._open(), name)

    def close(self) -> None:
        if self._opened is not None:
            self._opened.close()
            self._opened = None


@contextmanager
def workspace_session(folder: Path) -> Iterator[Workspace]:
    """The workspace for one unit of work (opened when first used), always closed after."""
    ws = RequestWorkspace(folder)
    try:
        yield cast(Workspace, ws)
    finally:
        ws.close()


def server_config(request: Request) -> ServerConfig:
    """The running server's configuration."""
    config: ServerConfig = request.app.state.config
    return config


def auth_db(request: Request) -> AuthDB:
    """The running server's auth database."""
    db: AuthDB = request.app.state.auth
    return db


def workspace(request: Request) -> Iterator[Workspace]:
    """FastAPI dependency: the workspace, open for this request only."""
    with workspace_session(server_config(request).folder) as ws:
        yield ws


WorkspaceDep = Annotated[Workspace, Depends(workspace)]
AuthDep = Annotated[AuthDB, Depends(auth_db)]
ConfigDep = Annotated[ServerConfig, Depends(server_config)]
