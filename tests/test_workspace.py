"""The Workspace facade: create, open, import, status, quarantine, export, reset."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from tenure.cli.main import app
from tenure.config import CONFIG_FILE, ConfigError, WorkspaceSettings
from tenure.errors import FileProblem, WorkspaceError
from tenure.workspace import WORKSPACE_ENV, Workspace, default_folder

WriteFile = Callable[[str, str | bytes], Path]
SUBS = "subscription_id,account_id,started_at,amount\n"


def test_init_creates_the_config_and_every_table(tmp_path: Path) -> None:
    with Workspace.init(tmp_path / "new") as ws:
        assert (tmp_path / "new" / "tenure.toml").is_file()
        assert (tmp_path / "new" / "tenure.duckdb").is_file()
        assert ws.is_empty()
        assert ws.settings.workspace.name == "new"
        assert [status.rows for status in ws.status()] == [0] * 11


def test_init_refuses_an_existing_workspace(tmp_path: Path) -> None:
    Workspace.init(tmp_path / "ws").close()
    with pytest.raises(WorkspaceError, match="already a tenure workspace"):
        Workspace.init(tmp_path / "ws")


def test_open_without_a_config_says_how_to_create_one(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="run `tenure init"):
        Workspace.open(tmp_path)


def test_the_default_folder_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Workspace.init(tmp_path / "env-ws").close()
    monkeypatch.setenv(WORKSPACE_ENV, str(tmp_path / "env-ws"))
    assert default_folder() == tmp_path / "env-ws"
    with Workspace.open() as ws:
        assert ws.folder == tmp_path / "env-ws"
    monkeypatch.delenv(WORKSPACE_ENV)
    assert default_folder() == Path(".")


def test_data_survives_reopening(accounts_workspace: Workspace) -> None:
    folder = accounts_workspace.folder
    accounts_workspace.close()
    with Workspace.open(folder) as ws:
        assert ws.table("accounts").count().to_pyarrow().as_py() == 3
        assert not ws.is_empty()


def test_status_counts_rows_refusals_and_date_coverage(
    accounts_workspace: Workspace, write_file: WriteFile
) -> None:
    ws = accounts_workspace
    rows = (
        SUBS + "s1,a1,2024-01-01,1\ns2,a2,2024-06-30T12:00:00Z,2\ns3,a1,x,3\ns4,zz,2024-01-01,1\n"
    )
    ws.import_file("subscriptions", write_file("subs.csv", rows))
    status = {entry.table: entry for entry in ws.status()}
    subscriptions = status["subscriptions"]
    assert (subscriptions.rows, subscriptions.quarantined) == (2, 2)
    assert subscriptions.date_column == "started_at"
    assert subscriptions.first is not None and subscriptions.first.startswith("2024-01-01")
    assert subscriptions.last is not None and subscriptions.last.startswith("2024-06-30T12:00")
    accounts = status["accounts"]
    assert (accounts.rows, accounts.date_column) == (3, "created_at")
    assert accounts.first is not None and accounts.first.startswith("2023-01-05")
    assert status["features"].date_column is None
    assert status["invoices"].first is None


def test_quarantine_filters_by_table_and_lists_newest_first(
    accounts_workspace: Workspace, write_file: WriteFile
) -> None:
    ws = accounts_workspace
    ws.import_file("subscriptions", write_file("s.csv", SUBS + "s1,a1,2024-01-01,-1\n"))
    ws.import_file("accounts", write_file("a.csv", "account_id,created_at\nb1,2099-01-01\n"))
    everything = ws.quarantine()
    assert list(everything["table_name"]) == ["accounts", "subscriptions"]
    assert list(everything.columns) == [
        "table_name",
        "file",
        "line",
        "column",
        "value",
        "reason",
        "record",
        "imported_at",
    ]
    only = ws.quarantine("subscriptions")
    assert list(only["value"]) == ["-1"]
    with pytest.raises(KeyError, match="unknown table 'nope'"):
        ws.quarantine("nope")


def test_the_import_log_has_every_count(
    accounts_workspace: Workspace, write_file: WriteFile
) -> None:
    ws = accounts_workspace
    path = write_file("s.csv", SUBS + "s1,a1,2024-01-01,1\ns2,a1,2024-01-01,x\n")
    report = ws.import_file("subscriptions", path)
    log = ws.imports().iloc[0]
    assert log["import_id"] == report.import_id
    assert (log["table_name"], log["file"], log["format"]) == ("subscriptions", str(path), "csv")
    assert (log["rows_read"], log["inserted"], log["quarantined"]) == (2, 1, 1)
    assert len(log["file_sha256"]) == 64
    assert log["finished_at"] >= log["started_at"]


def test_a_file_problem_is_not_logged(accounts_workspace: Workspace, write_file: WriteFile) -> None:
    ws = accounts_workspace
    with pytest.raises(FileProblem):
        ws.import_file("subscriptions", write_file("empty.csv", b""))
    assert len(ws.imports()) == 1  # the accounts import only


@pytest.mark.parametrize("suffix", ["csv", "parquet", "json", "jsonl"])
def test_export_writes_every_row(
    accounts_workspace: Workspace, tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / "out" / f"accounts.{suffix}"
    assert accounts_workspace.export("accounts", path) == 3
    assert path.stat().st_size > 0


def test_export_refuses_an_unknown_suffix_or_table(
    accounts_workspace: Workspace, tmp_path: Path
) -> None:
    with pytest.raises(FileProblem, match="cannot tell the format"):
        accounts_workspace.export("accounts", tmp_path / "accounts.xlsx")
    with pytest.raises(KeyError, match="unknown table"):
        accounts_workspace.export("acounts", tmp_path / "accounts.csv")


def test_reset_empties_everything_and_drops_attributes(
    accounts_workspace: Workspace, write_file: WriteFile
) -> None:
    ws = accounts_workspace
    ws.import_file("accounts", write_file("a.csv", "account_id,region\nb1,eu\nb2,2099-01-01\n"))
    ws.import_file("subscriptions", write_file("s.csv", SUBS + "s1,zz,2024-01-01,1\n"))
    ws.reset()
    assert ws.is_empty()
    assert len(ws.quarantine()) == 0 and len(ws.imports()) == 0
    assert "region" not in ws.table("accounts").columns


def test_an_unknown_table_is_a_clear_error(accounts_workspace: Workspace) -> None:
    with pytest.raises(KeyError, match="known tables: accounts, subscriptions"):
        accounts_workspace.table("account")


def test_init_refuses_a_password_in_the_backend_url(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError, match="TENURE_BACKEND"):
        Workspace.init(tmp_path / "ws", backend="postgres://cs:s3cret@127.0.0.1/tenure")
    assert not (tmp_path / "ws" / "tenure.toml").exists()


def test_the_memory_limit_setting_is_checked_and_auto_has_a_floor(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="memory_limit"):
        WorkspaceSettings(memory_limit="lots")
    assert WorkspaceSettings(memory_limit="3GB").memory_ceiling() == "3GB"
    auto = WorkspaceSettings().memory_ceiling()
    assert auto.endswith("MB") and int(auto[:-2]) >= 2048


def test_a_workspace_opens_duckdb_under_its_memory_limit(tmp_path: Path) -> None:
    Workspace.init(tmp_path / "ws").close()
    path = tmp_path / "ws" / CONFIG_FILE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("[workspace]", '[workspace]\nmemory_limit = "700MB"'), "utf-8")
    with Workspace.open(tmp_path / "ws") as ws:
        raw = ws.store.con.con  # type: ignore[attr-defined]
        (setting,) = raw.execute("SELECT current_setting('memory_limit')").fetchone()
    assert setting.startswith(("667", "700")), setting


def test_tenure_settings_prints_the_settings_in_force(tmp_path: Path) -> None:
    Workspace.init(tmp_path / "ws").close()
    path = tmp_path / "ws" / CONFIG_FILE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("[workspace]", '[workspace]\nmemory_limit = "3GB"'), "utf-8")
    shown = CliRunner().invoke(app, ["settings", "-w", str(tmp_path / "ws")])
    assert shown.exit_code == 0, shown.output
    settings = json.loads(shown.output)
    assert settings["workspace"]["memory_limit"] == "3GB"
    assert settings["import"]["chunk_rows"] == 500_000  # a default filled in
    reference = CliRunner().invoke(app, ["settings", "--markdown"])
    assert reference.output.startswith("# Configuration")
