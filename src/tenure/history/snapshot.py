"""`take_snapshot`: store the day's company-wide monthly KPIs and account scores.

A snapshot is keyed by its date: taking one again the same day replaces that day's rows
(in one transaction), and never touches another day's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

import pandas as pd
import pyarrow as pa

from tenure.history.scores import score_rows
from tenure.history.tables import METRIC_VALUES, SCHEMAS, SCORES, SNAPSHOTS, ensure_tables
from tenure.history.values import exact
from tenure.metrics.catalogue import CATALOGUE
from tenure.metrics.periods import add_months
from tenure.metrics.summary import FIGURES

if TYPE_CHECKING:
    from tenure.workspace import Workspace

#: Extra figures kept beside the KPI summary's (when the catalogue has them).
EXTRA_METRICS = ("gross_mrr_churn_rate", "grr", "nps", "csat")
#: The metrics a snapshot stores: the KPI summary's, then the extras, each once.
SNAPSHOT_METRICS: tuple[str, ...] = tuple(
    dict.fromkeys([key for _, key, _ in FIGURES] + [k for k in EXTRA_METRICS if k in CATALOGUE])
)
#: Months of history each snapshot stores before the snapshot's own month.
HISTORY_MONTHS = 12

Row = dict[str, Any]


@dataclass(frozen=True)
class SnapshotReport:
    """What a snapshot stored: its day, how many values and scores, and what was missing."""

    day: date
    metric_values: int
    scores: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def take_snapshot(
    ws: Workspace, day: date | None = None, metrics: tuple[str, ...] = SNAPSHOT_METRICS
) -> SnapshotReport:
    """Compute and store the snapshot of `day` (default: today), replacing that day's."""
    day = day or date.today()
    values, problems = metric_rows(ws, day, metrics)
    scores, score_problems = score_rows(ws, day)
    problems += score_problems
    ensure_tables(ws.store)
    with ws.store.transaction():
        for name in (SNAPSHOTS, METRIC_VALUES, SCORES):
            ws.store.delete_where(name, {"snapshot_date": day.isoformat()})
        ws.store.insert(METRIC_VALUES, _arrow(METRIC_VALUES, values))
        ws.store.insert(SCORES, _arrow(SCORES, scores))
        ws.store.insert(SNAPSHOTS, _arrow(SNAPSHOTS, [_summary(day, values, scores, problems)]))
    counts = pd.Series([row["kind"] for row in scores], dtype=object).value_counts()
    return SnapshotReport(day, len(values), {str(k): int(v) for k, v in counts.items()}, problems)


def metric_rows(ws: Workspace, day: date, metrics: tuple[str, ...]) -> tuple[list[Row], list[str]]:
    """The monthly values of `metrics` from `HISTORY_MONTHS` before `day` to `day`."""
    start = add_months(day.replace(day=1), -HISTORY_MONTHS)
    rows: list[Row] = []
    problems: list[str] = []
    for key in metrics:
        try:
            frame = ws.metric(key, "month", start, day)
        except Exception as error:  # a metric that cannot be computed is reported, not invented
            problems.append(f"{key}: {type(error).__name__}: {error}")
            continue
        rows += _long(key, frame, day)
    return rows, problems


def _measures(key: str, frame: pd.DataFrame) -> list[str]:
    """The value columns of a result: `value`, then the metric's own columns (movements)."""
    declared = list(CATALOGUE[key].columns) if key in CATALOGUE else []
    found = ["value"] if "value" in frame.columns else []
    return found + [c for c in declared if c in frame.columns and c != "value"]


def _long(key: str, frame: pd.DataFrame, day: date) -> list[Row]:
    rows: list[Row] = []
    for record in frame.to_dict("records"):
        for measure in _measures(key, frame):
            is_value = measure == "value"
            rows.append(
                {
                    "snapshot_date": day,
                    "metric": key,
                    "measure": measure,
                    "grain": "month",
                    "period": pd.Timestamp(record["period"]).date(),
                    "value": exact(record[measure]),
                    "numerator": exact(record.get("numerator")) if is_value else None,
                    "denominator": exact(record.get("denominator")) if is_value else None,
                }
            )
    return rows


def _summary(day: date, values: list[Row], scores: list[Row], problems: list[str]) -> Row:
    return {
        "snapshot_date": day,
        "taken_at": datetime.now(UTC).replace(tzinfo=None),
        "metric_values": len(values),
        "scores": len(scores),
        "problems": json.dumps(problems),
    }


def _arrow(table: str, rows: list[Row]) -> pa.Table:
    schema = SCHEMAS[table].to_pyarrow()
    return pa.Table.from_pylist(rows, schema=schema)
