"""`tenure users …` and `tenure tokens …`: who may use the dashboard and the API."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table as RichTable

from tenure.cli.common import WorkspaceOption, console, fail
from tenure.config import load_settings
from tenure.server.auth.db import AuthDB
from tenure.server.auth.roles import Role, parse_role
from tenure.server.auth.tokens import create_token, list_tokens, revoke_token
from tenure.server.auth.users import UserError, add_user, list_users, remove_user
from tenure.workspace import default_folder

users_app = typer.Typer(help="Manage dashboard users (admin, manager, csm, viewer).")
tokens_app = typer.Typer(help="Manage API tokens for machines.")

RoleOption = Annotated[
    str, typer.Option("--role", "-r", help="admin, manager, csm or viewer.", show_default=True)
]
CsmOption = Annotated[
    str | None, typer.Option("--csm-id", help="For the csm role: the csms.csm_id of the book.")
]


def register(app: typer.Typer) -> None:
    """Attach the users and tokens command groups to the main app."""
    app.add_typer(users_app, name="users")
    app.add_typer(tokens_app, name="tokens")


def _db(workspace: Path | None) -> AuthDB:
    folder = (workspace or default_folder()).expanduser()
    load_settings(folder)
    return AuthDB.for_workspace(folder)


def _role(text: str) -> Role:
    try:
        return parse_role(text)
    except ValueError as error:
        fail(str(error))
        raise


def _read_password() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


@users_app.command("add")
def users_add(
    username: Annotated[str, typer.Argument(help="Login name.")],
    role: RoleOption = "viewer",
    csm_id: CsmOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Add a user; the password is prompted for (or read from standard input)."""
    db = _db(workspace)
    try:
        user = add_user(db, username, _read_password(), _role(role), csm_id)
    except (UserError, ValueError) as error:
        fail(str(error))
        raise
    console.print(f"Added {user.username} ({user.role}).", highlight=False)


@users_app.command("list")
def users_list(workspace: WorkspaceOption = None) -> None:
    """List the users."""
    grid = RichTable("user", "role", "csm id", "created")
    for user in list_users(_db(workspace)):
        grid.add_row(user.username, user.role.value, user.csm_id or "", user.created_at)
    console.print(grid)


@users_app.command("remove")
def users_remove(
    username: Annotated[str, typer.Argument(help="Login name.")],
    workspace: WorkspaceOption = None,
) -> None:
    """Remove a user and end their sessions."""
    try:
        remove_user(_db(workspace), username)
    except UserError as error:
        fail(str(error))
    console.print(f"Removed {username}.", highlight=False)


@tokens_app.command("create")
def tokens_create(
    name: Annotated[str, typer.Argument(help="What the token is for.")],
    role: RoleOption = "viewer",
    csm_id: CsmOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Create an API token; it is printed once and stored only as a hash."""
    try:
        token_id, token = create_token(_db(workspace), name, _role(role), csm_id)
    except UserError as error:
        fail(str(error))
        raise
    console.print(f"Token {token_id} ({role}); send it as `Authorization: Bearer <token>`:")
    typer.echo(token)


@tokens_app.command("list")
def tokens_list(workspace: WorkspaceOption = None) -> None:
    """List the tokens (never their secrets)."""
    grid = RichTable("id", "name", "role", "csm id", "created", "last used", "revoked")
    for token in list_tokens(_db(workspace)):
        grid.add_row(
            token.token_id,
            token.name,
            token.role.value,
            token.csm_id or "",
            token.created_at,
            token.last_used_at or "",
            token.revoked_at or "",
        )
    console.print(grid)


@tokens_app.command("revoke")
def tokens_revoke(
    token_id: Annotated[str, typer.Argument(help="The token's id (or the token itself).")],
    workspace: WorkspaceOption = None,
) -> None:
    """Revoke a token: it stops working at once."""
    try:
        revoke_token(_db(workspace), token_id)
    except UserError as error:
        fail(str(error))
    console.print(f"Revoked {token_id}.", highlight=False)
