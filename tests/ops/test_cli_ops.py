"""The operations commands on the hand-built company: alerts, tasks, upsell, portfolio,
goals, benchmarks — every format, one-line errors."""

from __future__ import annotations

import json

import pytest
from ops_common import DAY
from typer.testing import CliRunner

from tenure.cli.main import app
from tenure.workspace import Workspace

runner = CliRunner()


def run(ws: Workspace, *args: str, ok: bool = True) -> str:
    result = runner.invoke(app, [*args, "--workspace", str(ws.folder)])
    if ok:
        assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def test_alerts_run_then_tasks(hand: Workspace) -> None:
    out = run(hand, "alerts", "run", "--as-of", DAY.isoformat(), "--no-notify")
    assert "9 new task(s)" in out and "detractor 1" in out
    assert "0 new task(s)" in run(hand, "alerts", "run", "--as-of", DAY.isoformat(), "--no-notify")
    listed = json.loads(run(hand, "tasks", "--format", "json"))
    assert len(listed) == 9 and {t["status"] for t in listed} == {"open"}
    mine = json.loads(run(hand, "tasks", "--csm", "C2", "--format", "json"))
    assert {t["owner_id"] for t in mine} == {"C2"}
    task = next(t for t in listed if t["rule"] == "detractor")
    assert task["evidence"]["score"] == 3
    assert "is done" in run(hand, "tasks", "done", task["task_id"][:6])
    done = json.loads(run(hand, "tasks", "--status", "done", "--format", "json"))
    assert [t["task_id"] for t in done] == [task["task_id"]]
    other = listed[1]["task_id"]
    assert "snoozed until 2099-01-01" in run(
        hand, "tasks", "snooze", other, "--until", "2099-01-01"
    )
    assert "is open" in run(hand, "tasks", "reopen", other)
    assert "detractor" in run(hand, "tasks", "--status", "done")


def test_alerts_run_records_a_failed_webhook(
    hand: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TENURE_WEBHOOK_URL", "http://127.0.0.1:9/hook-secret")
    config = hand.folder / "tenure.toml"
    config.write_text(config.read_text() + "\n[alerts.webhook]\nretries = 0\n")
    out = run(hand, "alerts", "run", "--as-of", DAY.isoformat())
    assert "0 message(s) delivered, 1 failed" in out and "hook-secret" not in out
    listed = json.loads(run(hand, "alerts", "deliveries", "--failed", "--format", "json"))
    assert len(listed) == 1 and listed[0]["status"] == "failed"
    assert "hook-secret" not in json.dumps(listed)


def test_errors_are_one_line(hand: Workspace) -> None:
    result = runner.invoke(app, ["tasks", "done", "ffffff", "--workspace", str(hand.folder)])
    assert result.exit_code != 0 and "no task" in str(result.exception)
    result = runner.invoke(
        app, ["goals", "add", "mrr", "1", "--period", "2026-13", "--workspace", str(hand.folder)]
    )
    assert "not a year" in str(result.exception)


def test_upsell_portfolio_and_benchmarks(hand: Workspace) -> None:
    rows = json.loads(run(hand, "upsell", "--as-of", DAY.isoformat(), "--all", "--format", "json"))
    assert {r["account_id"] for r in rows} == {f"a{n}" for n in range(1, 8)}
    assert all(r["missing"] for r in rows)  # no engagement in the hand-built company
    plan = json.loads(run(hand, "portfolio", "--as-of", DAY.isoformat(), "--format", "json"))
    assert plan["company"]["mrr"] == 700 and plan["company"]["csms_needed"] == 1
    assert {r["csm_id"] for r in plan["csms"]} == {"C1", "C2", "C3"}
    csv = run(hand, "benchmarks", "--as-of", DAY.isoformat(), "--format", "csv")
    assert csv.splitlines()[0].startswith("key,name,benchmark")
    assert len(csv.splitlines()) == 9


def test_goals_commands(hand: Workspace) -> None:
    out = run(hand, "goals", "add", "mrr", "750", "--period", "2026-Q2", "--note", "Q2 plan")
    goal_id = out.split()[1].rstrip(":")
    run(hand, "goals", "add", "logo_churn_rate", "0.1", "--period", "2026", "--team", "North")
    listed = json.loads(run(hand, "goals", "list", "--as-of", DAY.isoformat(), "--format", "json"))
    assert {g["status"] for g in listed} == {"at risk", "off track"}
    assert "750.00" in run(hand, "goals", "list", "--as-of", DAY.isoformat())
    assert "Removed goal" in run(hand, "goals", "remove", goal_id)
    suggested = json.loads(
        run(
            hand,
            "goals",
            "suggest",
            "--metric",
            "logo_churn_rate",
            "--as-of",
            DAY.isoformat(),
            "--format",
            "json",
        )
    )
    assert suggested[0]["target"] < suggested[0]["last"]
