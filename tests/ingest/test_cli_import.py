"""The import commands from the command line: counts, reasons, exit codes, one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tenure.cli import common
from tenure.cli.main import app

WriteFile = Callable[[str, str | bytes], Path]
SUBS = "subscription_id,account_id,started_at,amount\n"
ENV = {"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}


def tenure(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the real command in a new process (errors are turned into one line by `main`)."""
    command = [sys.executable, "-c", "from tenure.cli.main import main; main()"]
    return subprocess.run(
        [*command, *map(str, args)],
        capture_output=True,
        text=True,
        env=os.environ | ENV,
        timeout=120,
        check=False,
    )


@pytest.fixture(autouse=True)
def wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich sizes its console when it is created: make it wide so that nothing wraps."""
    monkeypatch.setattr(common.console, "width", 300)


@pytest.fixture
def cli_workspace(tmp_path: Path, write_file: WriteFile) -> Path:
    folder = tmp_path / "ws"
    runner = CliRunner()
    assert runner.invoke(app, ["init", str(folder)], env=ENV).exit_code == 0
    accounts = write_file("accounts.csv", "account_id,name\na1,Acme\na2,Beta\n")
    result = runner.invoke(app, ["import", "accounts", str(accounts), "-w", str(folder)], env=ENV)
    assert result.exit_code == 0, result.output
    return folder


def invoke(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, [str(arg) for arg in args], env=ENV)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def test_import_prints_counts_and_reasons_and_exits_0(
    cli_workspace: Path, write_file: WriteFile
) -> None:
    rows = SUBS + "s1,a1,2024-01-01,10\ns2,a1,2024-01-01,ten\ns3,zz,2024-01-01,1\n"
    path = write_file("subs.csv", rows)
    code, output = invoke("import", "subscriptions", path, "-w", cli_workspace)
    assert code == 0
    assert "read 3, inserted 1, updated 0, unchanged 0, quarantined 2" in output
    assert "line 3: amount is not a decimal number" in output
    assert "line 4: account_id is not a known account" in output
    code, output = invoke("import", "subscriptions", path, "-w", cli_workspace)
    assert "read 3, inserted 0, updated 0, unchanged 1, quarantined 2" in output


def test_import_points_to_the_quarantine_when_it_shows_only_the_first_reasons(
    cli_workspace: Path, write_file: WriteFile
) -> None:
    rows = SUBS + "".join(f"s{n},a1,2024-01-01,-{n}\n" for n in range(1, 13))
    code, output = invoke(
        "import", "subscriptions", write_file("neg.csv", rows), "-w", cli_workspace
    )
    assert code == 0
    assert output.count("amount must be ≥ 0") == 10
    assert "see `tenure quarantine subscriptions` for all 12" in output


def test_import_map_and_encoding_options(cli_workspace: Path, write_file: WriteFile) -> None:
    text = "Sub;Customer;Start;Price;Plan\ns1;a1;2024-01-01;10;Caf\xe9\n"
    path = write_file("latin.csv", text.encode("latin-1"))
    options = ["-m", "Sub=subscription_id", "--map", "customer=account_id"]
    options += ["--map", "start=started_at", "--map", "Price=amount"]
    code, output = invoke(
        "import", "subscriptions", path, *options, "--encoding", "latin-1", "-w", cli_workspace
    )
    assert code == 0, output
    assert "inserted 1" in output
    code, output = invoke("export", "subscriptions", cli_workspace / "out.csv", "-w", cli_workspace)
    assert "Café" in (cli_workspace / "out.csv").read_text(encoding="utf-8")


def test_quarantine_lists_the_refused_rows(cli_workspace: Path, write_file: WriteFile) -> None:
    rows = SUBS + "s1,a1,2024-01-01,10\ns2,a1,2024-02-30,10\n"
    invoke("import", "subscriptions", write_file("subs.csv", rows), "-w", cli_workspace)
    code, output = invoke("quarantine", "subscriptions", "-w", cli_workspace)
    assert code == 0
    assert "subs.csv" in output and "2024-02-30" in output
    assert "is not an ISO 8601 date or timestamp" in output
    assert "1 refused row(s) in all." in output
    code, output = invoke("quarantine", "accounts", "-w", cli_workspace)
    assert "The quarantine is empty." in output


def test_status_shows_rows_quarantine_and_coverage(
    cli_workspace: Path, write_file: WriteFile
) -> None:
    rows = SUBS + "s1,a1,2024-01-01,10\ns2,a2,2024-03-31,10\ns3,a1,x,1\n"
    invoke("import", "subscriptions", write_file("subs.csv", rows), "-w", cli_workspace)
    code, output = invoke("status", "-w", cli_workspace)
    assert code == 0
    line = next(line for line in output.splitlines() if "subscriptions" in line)
    assert [cell for cell in line.replace("│", " ").split()] == [
        "subscriptions",
        "2",
        "1",
        "2024-01-01",
        "2024-03-31",
    ]


def test_schema_shows_a_table(cli_workspace: Path) -> None:
    code, output = invoke("schema", "subscriptions")
    assert code == 0
    assert "subscriptions (key: subscription_id)" in output
    for column in ("started_at", "amount", "term_ends_at", "interval_count"):
        assert column in output
    assert "one of `day`, `week`, `month`, `quarter`, `year`" in output


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("missing.csv", None, "missing.csv: no such file"),
        ("empty.csv", b"", "empty.csv: the file is empty"),
        ("latin.csv", SUBS.encode() + b"s1,a1,2024-01-01,\xe9\n", "not valid UTF-8 text at line 2"),
        ("cols.csv", b"subscription_id,amount\ns1,1\n", "missing required column(s)"),
        ("bad.json", b"[{", "bad.json: not valid JSON"),
    ],
)
def test_a_file_problem_is_one_line_and_a_non_zero_exit(
    cli_workspace: Path, write_file: WriteFile, name: str, content: bytes | None, fragment: str
) -> None:
    path = write_file(name, content) if content is not None else cli_workspace / name
    result = tenure("import", "subscriptions", path, "-w", cli_workspace)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and fragment in lines[0]
    assert "quarantined" not in result.stdout


def test_an_unknown_table_is_one_line_and_a_non_zero_exit(
    cli_workspace: Path, write_file: WriteFile
) -> None:
    result = tenure("import", "subscription", write_file("s.csv", SUBS), "-w", cli_workspace)
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "error: unknown table 'subscription'; known tables: accounts, subscriptions, invoices, "
        "events, features, tickets, surveys, touchpoints, csms, assignments, costs"
    ]


def test_a_long_error_stays_on_one_line_when_piped(
    cli_workspace: Path, write_file: WriteFile
) -> None:
    command = [sys.executable, "-c", "from tenure.cli.main import main; main()"]
    path = write_file("s.csv", SUBS)
    environment = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    result = subprocess.run(
        [*command, "import", "subscription", str(path), "-w", str(cli_workspace)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
