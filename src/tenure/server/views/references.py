"""What the overview's KPI panels are measured against: the company's own goal for the
metric (its target and status) and a published benchmark from the seeds.

Both are company-wide, so a panel filtered to a segment shows neither. Goals come from
`Workspace.goals` (company-scope goals whose period holds the panel's latest period),
benchmarks from `Workspace.benchmarks`, matched to a metric and grain by `BENCHMARK_OF`.
"""

from __future__ import annotations

import pandas as pd

from tenure.errors import TenureError
from tenure.server.api.params import KpiFilters
from tenure.server.views.kpis import KpiPanel
from tenure.workspace import Workspace

#: (metric, grain) → the benchmark (`Workspace.benchmarks` key) it is compared with.
BENCHMARK_OF = {
    ("logo_churn_rate", "month"): "churn_acceptable_monthly",
    ("logo_churn_rate", "year"): "churn_acceptable_annual",
}


def _frame(read: object) -> pd.DataFrame:
    try:
        frame = read()  # type: ignore[operator]
    except TenureError:
        return pd.DataFrame()
    return frame if isinstance(frame, pd.DataFrame) else pd.DataFrame()


def _goal(goals: pd.DataFrame, panel: KpiPanel) -> KpiPanel:
    if goals.empty or panel.period is None:
        return panel
    period = panel.period[:10]
    mine = goals[
        (goals["metric"] == panel.key)
        & (goals["scope"] == "company")
        & (goals["start"].astype(str) <= period)
        & (goals["end"].astype(str) >= period)
    ]
    if mine.empty:
        return panel
    goal = mine.sort_values("created_at").iloc[-1]
    return panel.model_copy(
        update={
            "goal_target": float(goal["target"]),
            "goal_status": str(goal["status"]),
            "goal_period": str(goal["period"]),
        }
    )


def _benchmark(benchmarks: pd.DataFrame, panel: KpiPanel, grain: str) -> KpiPanel:
    key = BENCHMARK_OF.get((panel.key, grain))
    if key is None or benchmarks.empty:
        return panel
    found = benchmarks[benchmarks["key"] == key]
    if found.empty:
        return panel
    row = found.iloc[0]
    text = f"{row['name']}: {row['benchmark']}"
    return panel.model_copy(update={"benchmark": text, "benchmark_source": str(row["source"])})


def with_references(ws: Workspace, panels: list[KpiPanel], filters: KpiFilters) -> list[KpiPanel]:
    """The panels with their goal and benchmark (none on a segment)."""
    if filters.segment and filters.value:
        return panels
    goals, benchmarks = _frame(ws.goals), _frame(ws.benchmarks)
    return [_benchmark(benchmarks, _goal(goals, p), filters.grain) for p in panels]
