"""`tenure users …` and `tenure tokens …`."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from tenure.cli.main import app
from tenure.server.auth.db import AuthDB
from tenure.server.auth.tokens import authenticate_token
from tenure.server.auth.users import check_password
from tenure.workspace import Workspace

runner = CliRunner()


def test_users_add_list_remove(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    Workspace.init(folder).close()
    added = runner.invoke(
        app,
        ["users", "add", "ana", "--role", "csm", "--csm-id", "C001", "-w", str(folder)],
        input="a long password\n",
    )
    assert added.exit_code == 0, added.output
    db = AuthDB.for_workspace(folder)
    assert check_password(db, "ana", "a long password") is not None
    listed = runner.invoke(app, ["users", "list", "-w", str(folder)])
    assert "ana" in listed.output and "csm" in listed.output
    refused = runner.invoke(
        app, ["users", "add", "bob", "--role", "csm", "-w", str(folder)], input="a long password\n"
    )
    assert refused.exit_code != 0
    assert runner.invoke(app, ["users", "remove", "ana", "-w", str(folder)]).exit_code == 0
    assert check_password(db, "ana", "a long password") is None
    assert "auth.sqlite" in (folder / ".gitignore").read_text()
    assert "auth" not in (folder / "tenure.toml").read_text()


def test_tokens_create_list_revoke(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    Workspace.init(folder).close()
    made = runner.invoke(app, ["tokens", "create", "ci", "--role", "viewer", "-w", str(folder)])
    assert made.exit_code == 0, made.output
    token = made.output.strip().splitlines()[-1]
    db = AuthDB.for_workspace(folder)
    principal = authenticate_token(db, token)
    assert principal is not None and principal.role == "viewer"
    token_id = token.split("_")[1]
    listed = runner.invoke(app, ["tokens", "list", "-w", str(folder)])
    assert token_id in listed.output and token not in listed.output
    assert runner.invoke(app, ["tokens", "revoke", token_id, "-w", str(folder)]).exit_code == 0
    assert authenticate_token(db, token) is None
