"""`tenure demo` end to end: the company is loaded, scored and alerted on, and `--replace`
rebuilds it from nothing (no task, score or goal of the old company survives)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from tenure.cli.main import app
from tenure.workspace import Workspace

ARGS = ["demo", "--accounts", "150", "--months", "12", "--end", "2026-06-30"]


def test_demo_builds_scores_and_tasks_and_replace_starts_over(tmp_path: Path) -> None:
    folder = tmp_path / "demo-ws"
    runner = CliRunner()
    first = runner.invoke(app, [*ARGS, "--workspace", str(folder)], env={"COLUMNS": "200"})
    assert first.exit_code == 0, (first.output, first.exception)
    assert "150 accounts over 12 months to 2026-06-30" in first.output
    assert "health scores kept" in first.output and "tasks from the alert rules" in first.output
    with Workspace.open(folder) as ws:
        tasks = len(ws.tasks())
        scored = len(ws.health_history())
        ws.add_goal("mrr", 1.0, "2026")
    assert tasks > 0 and scored > 0
    refused = runner.invoke(app, [*ARGS, "--workspace", str(folder)])
    assert refused.exit_code != 0
    again = runner.invoke(app, [*ARGS, "--replace", "--workspace", str(folder)])
    assert again.exit_code == 0, (again.output, again.exception)
    with Workspace.open(folder) as ws:
        assert len(ws.tasks()) == tasks  # the same company: the same tasks, not twice
        assert len(ws.health_history()) == scored
        assert ws.goals().empty
