"""Health & risk: the score distribution and tier mix, the biggest movers, and the revenue
at risk with the riskiest accounts and the churn model's backtest beside the health score."""

from __future__ import annotations

from typing import Any

import pandas as pd
from pydantic import BaseModel, Field

from tenure.errors import TenureError
from tenure.models.health.settings import TIERS
from tenure.server.auth.roles import Permission
from tenure.server.engine import cached, frame_rows
from tenure.server.views.registry import View, ViewContext, register
from tenure.server.web import charts as chart
from tenure.workspace import Workspace

TIER_COLOURS = {"red": "#c62828", "yellow": "#e0a100", "green": "#1b9e77"}
MOVERS = 10
RISKIEST = 15
_MOVER_COLUMNS = ["account_id", "score", "previous_score", "trend", "tier", "mrr", "plan"]
_RISK_COLUMNS = ["account_id", "probability", "band", "mrr", "revenue_at_risk", "drivers"]


class HealthRiskPage(BaseModel):
    """The health & risk page's figures, as of the workspace's last day of data."""

    as_of: str
    accounts: int
    mean_score: float | None
    tiers: list[dict[str, Any]] = Field(description="Per tier: accounts and MRR.")
    distribution: list[dict[str, Any]] = Field(description="Accounts per 10-point score band.")
    falling: list[dict[str, Any]] = Field(description="Largest score drops since the trend day.")
    rising: list[dict[str, Any]] = Field(description="Largest score gains since the trend day.")
    revenue_at_risk: float | None = Field(description="Σ P(churn) × MRR over paying accounts.")
    bands: list[dict[str, Any]] = Field(description="Per risk band: accounts, MRR, at risk.")
    riskiest: list[dict[str, Any]] = Field(description="The riskiest accounts with drivers.")
    model: dict[str, Any] | None = Field(description="The churn model's backtest vs health.")
    risk_problem: str | None = Field(None, description="Why churn risk is not shown.")


def _tiers(health: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {
            "tier": tier,
            "accounts": int((health["tier"] == tier).sum()),
            "mrr": float(health.loc[health["tier"] == tier, "mrr"].sum()),
        }
        for tier in TIERS
    ]


def _distribution(health: pd.DataFrame, settings: Any) -> list[dict[str, Any]]:
    rows = []
    for low in range(0, 100, 10):
        inside = (health["score"] >= low) & (
            health["score"] < low + 10 if low < 90 else health["score"] <= 100
        )
        rows.append(
            {"band": f"{low}–{low + 10}", "accounts": int(inside.sum()), "tier": settings.tier(low)}
        )
    return rows


def _movers(health: pd.DataFrame, rising: bool) -> list[dict[str, Any]]:
    moved = health.dropna(subset=["trend"])
    moved = moved[moved["trend"] > 0] if rising else moved[moved["trend"] < 0]
    top = moved.sort_values("trend", ascending=not rising).head(MOVERS)
    return frame_rows(top[_MOVER_COLUMNS])


def _risk(ws: Workspace) -> dict[str, Any]:
    scores = ws.risk(explain=RISKIEST)
    model = ws.risk_model()
    bands = scores.groupby("band").agg(
        accounts=("account_id", "count"), mrr=("mrr", "sum"), at_risk=("revenue_at_risk", "sum")
    )
    baseline = model.baseline_ or {}
    return {
        "revenue_at_risk": float(scores["revenue_at_risk"].sum()),
        "bands": frame_rows(bands.reindex(["high", "medium", "low"]).dropna().reset_index()),
        "riskiest": frame_rows(scores[_RISK_COLUMNS].head(RISKIEST)),
        "model": {
            "kind": model.kind_,
            "horizon_days": model.horizon_days,
            "auc": model.metrics_["auc"],
            "precision_at_10": model.metrics_["precision_at_10"],
            "lift_at_10": model.metrics_["lift_at_10"],
            "health_auc": baseline.get("auc"),
            "health_precision_at_10": baseline.get("precision_at_10"),
            "test_from": model.split_.get("test_from"),
            "test_to": model.split_.get("test_to"),
        },
    }


def figures(ws: Workspace) -> dict[str, Any]:
    """Everything the page shows (cached per data version)."""

    def compute() -> dict[str, Any]:
        health = ws.health()
        found: dict[str, Any] = {
            "as_of": str(health["as_of"].iloc[0]) if len(health) else ws.data_horizon().isoformat(),
            "accounts": len(health),
            "mean_score": float(health["score"].mean()) if len(health) else None,
            "tiers": _tiers(health),
            "distribution": _distribution(health, ws.settings.health),
            "falling": _movers(health, rising=False),
            "rising": _movers(health, rising=True),
        }
        try:
            found |= _risk(ws)
        except TenureError as error:  # too little history to learn from: say so
            found |= {"revenue_at_risk": None, "bands": [], "riskiest": [], "model": None}
            found["risk_problem"] = str(error)
        return found

    result: dict[str, Any] = cached(ws, "health-risk", None, compute)
    return result


def build(context: ViewContext, params: None = None) -> HealthRiskPage:
    """The health & risk page."""
    return HealthRiskPage.model_validate(figures(context.ws))


def charts(model: HealthRiskPage, currency: str) -> dict[str, dict[str, Any]]:
    """Accounts per score band, coloured by the band's tier."""
    spec: dict[str, Any] = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": "Accounts per 10-point health-score band",
        "data": {"values": model.distribution},
        "width": "container",
        "height": 220,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "config": chart.CONFIG,
        "mark": "bar",
        "encoding": {
            "x": {"field": "band", "type": "ordinal", "sort": None, "title": "score"},
            "y": {"field": "accounts", "type": "quantitative", "title": None},
            "color": {
                "field": "tier",
                "type": "nominal",
                "scale": {"domain": list(TIERS), "range": [TIER_COLOURS[t] for t in TIERS]},
                "title": None,
            },
            "tooltip": [{"field": "band"}, {"field": "accounts", "type": "quantitative"}],
        },
    }
    return {"distribution": spec}


register(
    View(
        name="health",
        title="Health & risk",
        path="/health",
        template="health.html",
        permission=Permission.ALL_ACCOUNTS,
        model=HealthRiskPage,
        build=build,
        requires=("health", "risk"),
        order=40,
        charts=charts,
        summary="Health-score distribution and tier mix, biggest movers, revenue at risk.",
    )
)
