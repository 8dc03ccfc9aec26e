"""Suggested targets from history: start from the last complete stretch of the goal's length
(12, 3 or 1 months) and ask for a little better (the seed: "calculate last year's churn and
set a lower figure for the next planning").

* last value: a flow's months compounded (churn rates: 1 − Π(1 − monthly rate)) or summed
  (counts, MRR movements); retention ratios compounded (NRR, GRR: Π monthly values); a
  level's value at the last month's end; any other ratio pooled (the monthly values
  weighted by their denominators, e.g. NPS over all the answers);
* target: a bounded metric (shares, NPS) closes `[goals] improvement` of the gap to its best
  value (0 for churn, 1 for a share, 100 for NPS); a level continues its growth over the
  stretch (at least `improvement`); anything else improves by `improvement` in its direction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from tenure.metrics.catalogue import get_metric
from tenure.ops.goal_status import FLOWS, LEVELS
from tenure.ops.goals import Period, check, parse_period, scope_where
from tenure.ops.periods import last_complete_month, month_end, months_back
from tenure.workspace import Workspace

DEFAULT_METRICS = ("logo_churn_rate", "revenue_churn_rate", "nrr", "mrr", "customers", "nps")
MONTHS = {"year": 12, "quarter": 3, "month": 1}
UNBOUNDED_RATIOS = frozenset({"nrr", "nrr_12m", "expansion_rate", "quick_ratio"})
COMPOUNDING = frozenset({"nrr", "grr", "customer_retention_rate"})
RATES = frozenset(k for k in FLOWS if k.endswith("_rate") or k.endswith("_rate_seed"))


@dataclass(frozen=True)
class Suggestion:
    """A suggested target and where it comes from."""

    metric: str
    period: str
    scope: str
    scope_value: str | None
    last: float | None
    target: float | None
    basis: str


def history(
    ws: Workspace, key: str, months: int, day: date, where: dict[str, str] | None
) -> pd.DataFrame:
    """The metric's monthly values over the last `months` complete months."""
    last = last_complete_month(day)
    first = months_back(last, months - 1)
    return ws.metric(key, grain="month", start=first, end=month_end(last), where=where)


def product(values: pd.Series) -> float:
    """Π values."""
    return float(np.prod(values.to_numpy(dtype=float)))


def compound(rates: pd.Series) -> float:
    """1 − Π(1 − rate): the rate over all the periods of a per-period rate."""
    return 1 - product(1 - rates.astype(float))


def last_value(key: str, frame: pd.DataFrame) -> float | None:
    """The stretch's value (see the module's docstring)."""
    values = frame["value"].dropna().astype(float)
    if values.empty:
        return None
    if key in RATES:
        return compound(values)
    if key in FLOWS:
        return float(values.sum())
    if key in LEVELS:
        return float(values.iloc[-1])
    if key in COMPOUNDING:
        return product(values)
    if "denominator" in frame:
        weights = frame.loc[values.index, "denominator"].astype(float)
        if float(weights.sum()):
            return float((values * weights).sum() / weights.sum())
    return float(values.mean())


def best(key: str) -> float | None:
    """The best value a bounded metric can reach (None when unbounded)."""
    entry = get_metric(key)
    if entry.direction == "lower" and (key in RATES or entry.unit == "ratio"):
        return 0.0
    if key == "nps":
        return 100.0
    if entry.unit == "ratio" and key not in UNBOUNDED_RATIOS:
        return 1.0
    return None


def target_for(key: str, last: float, growth: float | None, improvement: float) -> float:
    """The suggested target from the last value."""
    bound = best(key)
    if bound is not None:
        return last + (bound - last) * improvement
    direction = get_metric(key).direction
    if key in LEVELS and direction == "higher":
        return last * (1 + max(growth or 0.0, improvement))
    factor = 1 - improvement if direction == "lower" else 1 + improvement
    return last * factor if last >= 0 else last * (2 - factor)


def suggest_one(
    ws: Workspace, key: str, period: Period, scope: str, value: str | None, day: date
) -> Suggestion:
    """One metric's suggested target for `period` and scope."""
    check(key, scope, value, period)
    months = MONTHS[period.grain]
    frame = history(ws, key, months + (1 if key in LEVELS else 0), day, scope_where(scope, value))
    last = last_value(key, frame)
    if last is None:
        return Suggestion(key, period.label, scope, value, None, None, "no history")
    growth = _growth(frame) if key in LEVELS else None
    target = target_for(key, last, growth, ws.settings.goals.improvement)
    basis = f"last {months} complete month{'s' if months > 1 else ''}"
    return Suggestion(key, period.label, scope, value, last, target, basis)


def _growth(frame: pd.DataFrame) -> float | None:
    values = frame["value"].dropna().astype(float)
    if len(values) < 2 or values.iloc[0] <= 0:
        return None
    return float(values.iloc[-1] / values.iloc[0] - 1)


def suggest(
    ws: Workspace,
    period: str | None = None,
    metrics: tuple[str, ...] = (),
    scope: str = "company",
    value: str | None = None,
    day: date | None = None,
) -> list[Suggestion]:
    """Suggested targets for `period` (default: next year) from the workspace's history."""
    day = day or date.today()
    found = parse_period(period or str(day.year + 1))
    return [suggest_one(ws, key, found, scope, value, day) for key in metrics or DEFAULT_METRICS]


def suggest_frame(
    ws: Workspace,
    period: str | None = None,
    metrics: tuple[str, ...] = (),
    scope: str = "company",
    value: str | None = None,
    day: date | None = None,
) -> pd.DataFrame:
    """The suggestions as a table (one row per metric)."""
    rows = [s.__dict__ for s in suggest(ws, period, metrics, scope, value, day)]
    columns = ["metric", "period", "scope", "scope_value", "last", "target", "basis"]
    return pd.DataFrame(rows, columns=columns)
