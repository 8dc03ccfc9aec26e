"""The seeds' benchmarks beside the company's own values (`Workspace.benchmarks`).

Every company value comes from the metric engine (churn, MRR, CAC, retention cost) or the
`csms` table (costs, teams); each benchmark's `basis` says which.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd

from tenure.ops.benchmark_data import BENCHMARKS, Benchmark
from tenure.ops.goal_suggest import compound, history
from tenure.ops.tables import frame_of
from tenure.workspace import Workspace

Compute = Callable[[Workspace, date], float | None]


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def _monthly(ws: Workspace, key: str, day: date) -> pd.DataFrame:
    frame = history(ws, key, 12, day, None)
    for column in ("value", "numerator", "denominator"):
        frame[column] = frame[column].astype(float)
    return frame


def annual_churn(ws: Workspace, day: date) -> float | None:
    """Logo churn of the last 12 complete months, compounded."""
    rates = _monthly(ws, "logo_churn_rate", day)["value"].dropna()
    return compound(rates) if len(rates) else None


def monthly_churn(ws: Workspace, day: date) -> float | None:
    """Pooled monthly logo churn of the last 12 complete months."""
    frame = _monthly(ws, "logo_churn_rate", day)
    return _ratio(float(frame["numerator"].sum()), float(frame["denominator"].sum()))


def _book_mrr(ws: Workspace, day: date) -> float | None:
    frame = ws.metric("mrr", grain="day", start=day, end=day, by=["csm_id"])
    owned = frame.dropna(subset=["csm_id"])
    owned = owned[owned["value"].astype(float) > 0]
    return _ratio(float(owned["value"].astype(float).sum()), len(owned))


def book_arr(ws: Workspace, day: date) -> float | None:
    """ARR per CSM who owns a paying account."""
    mrr = _book_mrr(ws, day)
    return mrr * 12 if mrr is not None else None


def cost_ratio(ws: Workspace, day: date) -> float | None:
    """Monthly cost of every CSM ÷ MRR."""
    cost = frame_of(ws.table("csms").select("monthly_cost"))["monthly_cost"].astype(float).sum()
    mrr = ws.metric("mrr", grain="day", start=day, end=day)["value"].astype(float).sum()
    return _ratio(float(cost), float(mrr))


def team_size(ws: Workspace, day: date) -> float | None:
    """The size of the largest team."""
    teams = frame_of(ws.table("csms").select("team"))["team"].dropna()
    return float(teams.value_counts().max()) if len(teams) else None


def acquisition_vs_retention(ws: Workspace, day: date) -> float | None:
    """CAC ÷ retention spend per average customer, over the last 12 complete months."""
    cac = _monthly(ws, "cac", day)
    crc = _monthly(ws, "customer_retention_cost", day)
    per_new = _ratio(float(cac["numerator"].sum()), float(cac["denominator"].sum()))
    customers = float(crc["denominator"].mean()) if len(crc) else 0.0
    per_kept = _ratio(float(crc["numerator"].sum()), customers)
    return _ratio(per_new, per_kept) if per_new is not None and per_kept else None


COMPANY: dict[str, Compute] = {
    "churn_ideal_annual": annual_churn,
    "churn_acceptable_monthly": monthly_churn,
    "churn_acceptable_annual": annual_churn,
    "csm_book_arr": book_arr,
    "csm_book_mrr": _book_mrr,
    "cs_cost_ratio": cost_ratio,
    "team_size": team_size,
    "acquisition_vs_retention": acquisition_vs_retention,
}


def assess(benchmark: Benchmark, value: float | None) -> str:
    """How the company's value compares: within / meets, below, above (or unknown)."""
    if value is None:
        return "unknown"
    if benchmark.judge == "at_most":
        return "meets" if value <= benchmark.high else "above"
    if benchmark.judge == "at_least":
        return "meets" if value >= benchmark.low else "below"
    if value < benchmark.low:
        return "below"
    return "above" if value > benchmark.high else "within"


def benchmarks(ws: Workspace, day: date | None = None) -> pd.DataFrame:
    """Each benchmark, its source and the company's own value on `day` (default today)."""
    day = day or date.today()
    known: dict[Compute, float | None] = {}
    rows = []
    for benchmark in BENCHMARKS:
        compute = COMPANY[benchmark.key]
        if compute not in known:
            known[compute] = compute(ws, day)
        value = known[compute]
        rows.append(
            {
                "key": benchmark.key,
                "name": benchmark.name,
                "benchmark": benchmark.label,
                "low": benchmark.low,
                "high": benchmark.high,
                "unit": benchmark.unit,
                "company": value,
                "assessment": assess(benchmark, value),
                "basis": benchmark.basis,
                "source": "; ".join(f"{s.title} [{s.seed}]" for s in benchmark.sources),
                "seeds": ", ".join(s.seed for s in benchmark.sources),
                "quote": " / ".join(f"“{s.quote}”" for s in benchmark.sources),
            }
        )
    return pd.DataFrame(rows)
