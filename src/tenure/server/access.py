"""Short-lived workspace access: one connection per request, closed when it ends.

A DuckDB file admits one writing process. The server therefore never holds the file
between requests, so `tenure import` from another process can take it; when that process
holds it, `Store.connect` waits, and a request still refused answers 503 "workspace busy".
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request

from tenure.server.auth.db import AuthDB
from tenure.server.config import ServerConfig
from tenure.workspace import Workspace


@contextmanager
def workspace_session(folder: Path) -> Iterator[Workspace]:
    """Open the workspace for one unit of work and always close it."""
    ws = Workspace.open(folder)
    ws.keep_blocks = False  # one request, one connection: nothing to share
    try:
        yield ws
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
