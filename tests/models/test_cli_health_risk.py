"""`tenure health` and `tenure risk` on the demo workspace: every format, one-line errors."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tenure.cli.main import app
from tenure.models.risk.fitter import ChurnRiskModel
from tenure.workspace import Workspace

runner = CliRunner()
DAY = "2025-09-30"


def run(ws: Workspace, *args: str) -> str:
    result = runner.invoke(app, [*args, "--workspace", str(ws.folder)])
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def test_health_table_and_formats(demo_ws: Workspace) -> None:
    table = run(demo_ws, "health", "--as-of", DAY, "--top", "5")
    assert f"customers on {DAY}" in table and "Tier mix: red" in table
    rows = json.loads(run(demo_ws, "health", "--as-of", DAY, "--format", "json"))
    assert len(rows) == len(demo_ws.health(DAY))
    assert {"account_id", "score", "tier", "trend", "score_engagement"} <= set(rows[0])
    csv = run(demo_ws, "health", "--as-of", DAY, "--format", "csv").splitlines()
    assert csv[0].startswith("account_id,as_of,card,score,tier") and len(csv) == len(rows) + 1


def test_health_by_segment(demo_ws: Workspace) -> None:
    segments = json.loads(run(demo_ws, "health", "--as-of", DAY, "--by", "plan", "-f", "json"))
    assert {s["plan"] for s in segments} == {"starter", "growth", "business", "enterprise"}
    assert sum(s["accounts"] for s in segments) == len(demo_ws.health(DAY))
    assert "Health by plan" in run(demo_ws, "health", "--as-of", DAY, "--by", "plan")


def test_health_of_one_account(demo_ws: Workspace) -> None:
    account = str(demo_ws.health(DAY)["account_id"].iloc[0])
    data = json.loads(run(demo_ws, "health", account, "--as-of", DAY, "-f", "json"))
    assert data["account_id"] == account and len(data["groups"]) == 6
    assert sum(m["points"] for m in data["measures"]) == pytest.approx(data["score"])
    text = run(demo_ws, "health", account, "--as-of", DAY)
    assert "Points add up to the score." in text and "active users per seat 30d" in text


def test_health_save_keeps_history(demo_ws: Workspace) -> None:
    run(demo_ws, "health", "--as-of", "2025-06-30", "--save", "-f", "csv")
    assert "2025-06-30" in set(
        demo_ws.health_history(start="2025-06-30", end="2025-06-30")["as_of"]
    )


def test_risk_commands(demo_ws: Workspace, risk_model: ChurnRiskModel) -> None:
    report = json.loads(run(demo_ws, "risk", "report", "-f", "json"))
    assert report["test"]["auc"] == risk_model.metrics_["auc"]
    assert report["health_baseline"]["auc"] == risk_model.baseline_["auc"]  # type: ignore[index]
    assert len(report["calibration"]) == 10
    text = run(demo_ws, "risk", "report")
    assert "health score" in text and "Calibration" in text
    scores = json.loads(run(demo_ws, "risk", "score", "-f", "json"))
    assert scores[0]["probability"] >= scores[-1]["probability"]
    assert "Revenue at risk" in run(demo_ws, "risk", "score", "--top", "3")
    drivers = run(demo_ws, "risk", "drivers", scores[0]["account_id"], "-f", "csv")
    assert drivers.splitlines()[0] == "feature,value,typical,effect"


def test_risk_fit_from_the_cli(demo_ws: Workspace, risk_model: ChurnRiskModel) -> None:
    out = json.loads(run(demo_ws, "risk", "fit", "-f", "json"))
    assert out["test"]["auc"] == risk_model.metrics_["auc"]  # the same history, the same model


def test_errors_are_one_line(demo_ws: Workspace) -> None:
    result = runner.invoke(app, ["health", "nobody", "--workspace", str(demo_ws.folder)])
    assert result.exit_code != 0 and "no account 'nobody'" in str(result.exception)
    result = runner.invoke(app, ["health", "--by", "colour", "--workspace", str(demo_ws.folder)])
    assert "unknown account attribute 'colour'" in str(result.exception)
    result = runner.invoke(
        app, ["health", "--as-of", "yesterday", "--workspace", str(demo_ws.folder)]
    )
    assert "is not a date" in str(result.exception)
