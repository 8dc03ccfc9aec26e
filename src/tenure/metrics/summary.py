"""The KPI summary of one month (printed by `tenure metrics summary` and `make demo`)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from tenure.metrics.catalogue import get_metric
from tenure.metrics.periods import parse_day
from tenure.metrics.range import default_range

if TYPE_CHECKING:
    from tenure.workspace import Workspace

#: (label, metric key, column) in display order.
FIGURES = (
    ("MRR", "mrr", "value"),
    ("ARR", "arr", "value"),
    ("New MRR", "mrr_movements", "new"),
    ("Expansion MRR", "mrr_movements", "expansion"),
    ("Reactivation MRR", "mrr_movements", "reactivation"),
    ("Contraction MRR", "mrr_movements", "contraction"),
    ("Churned MRR", "mrr_movements", "churned"),
    ("Customers", "customers", "value"),
    ("Logo churn rate", "logo_churn_rate", "value"),
    ("Net revenue retention", "nrr", "value"),
    ("NRR, trailing 12 months", "nrr_12m", "value"),
    ("ARPA", "arpa", "value"),
    ("Quick ratio", "quick_ratio", "value"),
    ("LTV", "ltv", "value"),
    ("CAC", "cac", "value"),
    ("NPS", "nps", "value"),
    ("CSAT", "csat", "value"),
    ("CES", "ces", "value"),
    ("First-contact resolution", "fcr_rate", "value"),
    ("Median first response (hours)", "first_response_time", "value"),
    ("Activation rate", "activation_rate", "value"),
    ("Adoption (features used ÷ available)", "adoption", "value"),
)


def kpis(ws: Workspace, period: str | date | None = None) -> tuple[str, list[tuple[str, Any, str]]]:
    """The month summarised (ISO date of its first day) and (label, value, unit) rows."""
    day = parse_day(period) or default_range(ws, get_metric("mrr"), date.today())[1]
    month = day.replace(day=1).isoformat()
    results: dict[str, Any] = {}
    rows: list[tuple[str, Any, str]] = []
    for label, key, column in FIGURES:
        if key not in results:
            results[key] = ws.metric(key, "month", month, month).iloc[0]
        unit = "currency" if column != "value" else get_metric(key).unit
        rows.append((label, results[key][column], unit))
    return month, rows
