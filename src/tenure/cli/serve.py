"""`tenure serve`: the web dashboard and the REST API of a workspace."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Annotated

import typer

from tenure.cli.common import WorkspaceOption, console
from tenure.config import load_settings
from tenure.workspace import default_folder

DEMO_ADMIN = "demo-admin"


def register(app: typer.Typer) -> None:
    """Attach the serve command to the main app."""
    app.command("serve")(serve)


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    demo_login: Annotated[
        bool,
        typer.Option(
            "--demo-login", help=f"(Re)create the `{DEMO_ADMIN}` admin and print its password."
        ),
    ] = False,
    secure_cookies: Annotated[
        bool, typer.Option(help="Mark cookies Secure (when served over HTTPS by a proxy).")
    ] = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Serve the dashboard and the API (a first admin is created when there is no user)."""
    import uvicorn

    from tenure.server.app import create_app
    from tenure.server.config import ServerConfig
    from tenure.server.web.assets import vega_bundle

    folder = (workspace or default_folder()).expanduser().resolve()
    load_settings(folder)
    _ensure_login(folder, demo_login, f"http://{host}:{port}")
    vega_bundle()
    app = create_app(ServerConfig(folder=folder, secure_cookies=secure_cookies, warm_cache=True))
    console.print(f"Serving {folder} on [bold]http://{host}:{port}[/] (Ctrl-C stops).")
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


def _ensure_login(folder: Path, demo_login: bool, url: str) -> None:
    from tenure.server.auth.db import AuthDB
    from tenure.server.auth.roles import Role
    from tenure.server.auth.users import add_user, get_user, has_users, remove_user

    db = AuthDB.for_workspace(folder)
    if has_users(db) and not demo_login:
        return
    if get_user(db, DEMO_ADMIN) is not None:
        remove_user(db, DEMO_ADMIN)
    password = secrets.token_urlsafe(12)
    add_user(db, DEMO_ADMIN, password, Role.ADMIN)
    typer.echo(f"Sign in at {url}/login as the admin user (`tenure users` manages users):")
    typer.echo(f"  user:     {DEMO_ADMIN}")
    typer.echo(f"  password: {password}")
