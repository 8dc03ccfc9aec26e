"""The customer-success half of the KPI summary: health mix, revenue at risk, open tasks
and how well the churn-risk model ranks (printed by `tenure metrics summary`).

Each figure comes from the Workspace (health, risk, tasks), so the summary shows what the
dashboard and the commands show; a figure that cannot be computed (no subscriptions, no
history long enough to fit a model) is reported as missing with the reason, never invented.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import pandas as pd

from tenure.errors import TenureError
from tenure.models.health.settings import TIERS

if TYPE_CHECKING:
    from tenure.workspace import Workspace


@dataclass(frozen=True)
class SuccessFigure:
    """One line of the summary: label, value (None when missing), unit, and a note."""

    label: str
    value: Any
    unit: str
    note: str = ""


def health_mix(health: pd.DataFrame) -> str:
    """'green 1,234 (61.7 %) · yellow … · red …' over the scored accounts."""
    total = len(health)
    counts = health["tier"].value_counts()
    parts = []
    for tier in reversed(TIERS):
        count = int(counts.get(tier, 0))
        share = count / total * 100 if total else 0.0
        parts.append(f"{tier} {count:,} ({share:.1f} %)")
    return " · ".join(parts)


def _health_figures(ws: Workspace, day: date) -> list[SuccessFigure]:
    health = ws.health(day)
    if health.empty:
        return [SuccessFigure("Health mix", None, "text", "no paying customer")]
    red_mrr = float(health.loc[health["tier"] == "red", "mrr"].sum())
    return [
        SuccessFigure("Health mix (paying customers)", health_mix(health), "text"),
        SuccessFigure("MRR in red health", red_mrr, "currency"),
    ]


def _risk_figures(ws: Workspace, day: date) -> list[SuccessFigure]:
    try:
        model = ws.risk_model()
        risk = ws.risk(day, explain=0)
    except TenureError as error:
        return [
            SuccessFigure("Revenue at risk", None, "currency", str(error)),
            SuccessFigure("Churn-risk model AUC (held-out)", None, "text", "no model"),
        ]
    horizon = model.horizon_days
    at_risk = float(risk["revenue_at_risk"].sum()) if not risk.empty else 0.0
    model_auc = model.metrics_.get("auc")
    health_auc = (model.baseline_ or {}).get("auc")
    return [
        SuccessFigure(
            f"Revenue at risk (MRR × P(churn in {horizon} days))",
            at_risk,
            "currency",
            f"{int((risk['band'] == 'high').sum()):,} accounts in the high band",
        ),
        SuccessFigure(
            "Churn-risk model AUC (held-out)",
            None if model_auc is None else f"{model_auc:.3f}",
            "text",
            "" if health_auc is None else f"health score alone: {health_auc:.3f}",
        ),
    ]


def _task_figures(ws: Workspace) -> list[SuccessFigure]:
    tasks = ws.tasks()
    open_tasks = tasks[tasks["status"] == "open"]
    overdue = open_tasks["due_on"].notna() & (
        pd.to_datetime(open_tasks["due_on"]).dt.date < date.today()
    )
    note = f"{int(overdue.sum()):,} overdue" if len(open_tasks) else ""
    return [SuccessFigure("Open tasks", len(open_tasks), "count", note)]


def success_figures(ws: Workspace, as_of: date | None = None) -> list[SuccessFigure]:
    """Health mix, MRR in red, revenue at risk, risk model AUC and open tasks on `as_of`
    (default: the last day with data)."""
    day = as_of or ws.data_horizon()
    return [*_health_figures(ws, day), *_risk_figures(ws, day), *_task_figures(ws)]
