"""The metric catalogue: every metric declared once, as data, and validated at import.

Engine-free. The catalogue drives `tenure metrics list`, the generated docs and the API
schema; the compiler refuses any metric that is not declared here.
"""

from __future__ import annotations

import re

from tenure.metrics.catalogue import (
    billing,
    cohorts,
    customers,
    economics,
    experience,
    lifecycle,
    retention,
    revenue,
    support,
    usage,
)
from tenure.metrics.conventions import Conventions
from tenure.metrics.spec import GRAINS, KINDS, MOVEMENT_COLUMNS, UNITS, Metric
from tenure.schema import TABLES

_KEY = re.compile(r"^[a-z][a-z0-9_]*$")

#: Every metric, in documentation order (by domain).
METRICS: tuple[Metric, ...] = (
    *revenue.METRICS,
    *customers.METRICS,
    *retention.METRICS,
    *billing.METRICS,
    *economics.METRICS,
    *cohorts.METRICS,
    *experience.METRICS,
    *support.METRICS,
    *lifecycle.METRICS,
    *usage.METRICS,
)


def problems(metric: Metric) -> list[str]:
    """Everything wrong with one declaration (empty when it is valid)."""
    found: list[str] = []
    if not _KEY.match(metric.key):
        found.append("key must be snake_case")
    if metric.kind not in KINDS or metric.unit not in UNITS or metric.min_grain not in GRAINS:
        found.append("unknown kind, unit or grain")
    found += [f"unknown table {name!r}" for name in metric.tables if name not in TABLES]
    found += [
        f"unknown convention {name!r}"
        for name in metric.conventions
        if name not in Conventions.model_fields
    ]
    if (metric.kind == "movement") != bool(metric.columns):
        found.append("movement metrics, and only they, declare columns")
    if metric.kind == "movement" and metric.columns != MOVEMENT_COLUMNS:
        found.append("movement columns must be start, new, …, end")
    if not (metric.name and metric.description and metric.formula):
        found.append("name, description and formula are required")
    return found + _part_problems(metric)


def _part_problems(metric: Metric) -> list[str]:
    """Parts must have distinct new names; dimensions must be columns of the metric's tables."""
    found: list[str] = []
    names = [part.name for part in metric.parts]
    taken = {"period", "value", "numerator", "denominator", *metric.columns}
    if len(set(names)) < len(names) or taken & set(names) or not all(map(_KEY.match, names)):
        found.append("part names must be snake_case, distinct and not clash with the value")
    found += [f"unknown part unit {part.unit!r}" for part in metric.parts if part.unit not in UNITS]
    columns = {c.name for name in metric.tables if name in TABLES for c in TABLES[name].columns}
    found += [f"unknown dimension {d!r}" for d in metric.dimensions if d not in columns]
    return found


def validate(metrics: tuple[Metric, ...]) -> dict[str, Metric]:
    """The catalogue by key; raises ValueError listing every invalid or duplicate entry."""
    errors = [f"{m.key}: {problem}" for m in metrics for problem in problems(m)]
    keys = [m.key for m in metrics]
    errors += [f"{key}: declared twice" for key in sorted({k for k in keys if keys.count(k) > 1})]
    if errors:
        raise ValueError("invalid metric catalogue:\n  " + "\n  ".join(errors))
    return {m.key: m for m in metrics}


CATALOGUE: dict[str, Metric] = validate(METRICS)


def get_metric(key: str) -> Metric:
    """The metric called `key`, with a clear error listing close keys."""
    try:
        return CATALOGUE[key]
    except KeyError:
        close = [k for k in CATALOGUE if key in k or k in key][:5]
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise KeyError(f"unknown metric {key!r}{hint}; see `tenure metrics list`") from None
