"""The customer-success half of `tenure metrics summary` on the small demo company, checked
against the scores, tasks and model behind it computed separately."""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from tenure.cli.main import app
from tenure.demo.load import prepare_operations
from tenure.models.errors import RiskError
from tenure.ops.summary import health_mix, success_figures
from tenure.workspace import Workspace


def by_label(ws: Workspace) -> dict[str, tuple[object, str]]:
    return {f.label.split(" (")[0]: (f.value, f.note) for f in success_figures(ws)}


def test_health_mix_counts_and_shares() -> None:
    frame = pd.DataFrame({"tier": ["green", "green", "yellow", "red"]})
    assert health_mix(frame) == "green 2 (50.0 %) · yellow 1 (25.0 %) · red 1 (25.0 %)"


def test_figures_match_the_scores_tasks_and_model(demo: Workspace) -> None:
    day = demo.data_horizon()
    done = prepare_operations(demo, day)
    figures = by_label(demo)
    health = demo.health(day)
    tiers = health["tier"].value_counts()
    mix = str(figures["Health mix"][0])
    for tier in ("green", "yellow", "red"):
        assert f"{tier} {int(tiers.get(tier, 0)):,} (" in mix
    red_mrr = health.loc[health["tier"] == "red", "mrr"].sum()
    assert figures["MRR in red health"][0] == pytest.approx(red_mrr)
    open_count = demo.store.con.raw_sql(
        "select count(*) from tenure_tasks where status = 'open'"
    ).fetchone()[0]
    assert figures["Open tasks"][0] == open_count == done.new_tasks > 0
    assert figures["Revenue at risk"][0] is None  # 12 months: too short to fit churn risk
    assert "snapshot" in str(figures["Revenue at risk"][1])
    assert figures["Churn-risk model AUC"][0] is None and done.risk_auc is None


def test_a_model_that_cannot_be_fitted_is_reported_not_invented(
    demo: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse() -> None:
        raise RiskError("too few churned accounts to learn from")

    monkeypatch.setattr(demo, "risk_model", refuse)
    value, note = by_label(demo)["Revenue at risk"]
    assert value is None and "too few churned" in note


def test_cli_summary_prints_the_customer_success_figures(demo: Workspace) -> None:
    prepare_operations(demo, demo.data_horizon())
    folder = str(demo.folder)
    demo.close()
    result = CliRunner().invoke(
        app, ["metrics", "summary", "--workspace", folder], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    for label in ("Health mix", "Revenue at risk", "AUC", "Open tasks", "MRR"):
        assert label in result.output
