"""Reading the history back: a metric as reported on each snapshot day, scores per day,
and a metric's values as reported then beside the same values as restated now."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from datetime import date
from typing import TYPE_CHECKING

import ibis.expr.types as ir
import pandas as pd

from tenure.history.tables import METRIC_VALUES, SCORES, SNAPSHOTS
from tenure.history.values import exact
from tenure.metrics.periods import add_months

if TYPE_CHECKING:
    from tenure.workspace import Workspace

RESTATEMENT_COLUMNS = ["period", "reported", "reported_on", "restated", "change", "restated_flag"]


def _table(ws: Workspace, name: str) -> ir.Table | None:
    return ws.store.table(name) if ws.store.has_table(name) else None


def _between(table: ir.Table, column: str, start: date | None, end: date | None) -> ir.Table:
    if start is not None:
        table = table.filter(table[column] >= start)
    if end is not None:
        table = table.filter(table[column] <= end)
    return table


def snapshot_dates(ws: Workspace) -> pd.DataFrame:
    """Every snapshot taken: day, time, counts and problems (oldest first)."""
    table = _table(ws, SNAPSHOTS)
    if table is None:
        return pd.DataFrame(columns=["snapshot_date", "taken_at", "metric_values", "scores"])
    frame: pd.DataFrame = table.order_by("snapshot_date").to_pandas()
    return frame


def snapshot_series(
    ws: Workspace,
    metric: str,
    measure: str = "value",
    start: date | None = None,
    end: date | None = None,
) -> pd.DataFrame:
    """`metric` per period as each snapshot between `start` and `end` reported it."""
    columns = ["snapshot_date", "period", "value", "numerator", "denominator"]
    table = _table(ws, METRIC_VALUES)
    if table is None:
        return pd.DataFrame(columns=columns)
    rows = table.filter((table.metric == metric) & (table.measure == measure))
    rows = _between(rows, "snapshot_date", start, end)
    frame: pd.DataFrame = rows.order_by(["snapshot_date", "period"]).select(*columns).to_pandas()
    return frame


def score_history(
    ws: Workspace,
    kind: str = "health",
    account_id: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> pd.DataFrame:
    """Account scores of `kind` per snapshot day (one account, or all)."""
    columns = ["snapshot_date", "account_id", "score", "label"]
    table = _table(ws, SCORES)
    if table is None:
        return pd.DataFrame(columns=columns)
    rows = table.filter(table.kind == kind)
    if account_id is not None:
        rows = rows.filter(rows.account_id == account_id)
    rows = _between(rows, "snapshot_date", start, end)
    frame: pd.DataFrame = (
        rows.order_by(["snapshot_date", "account_id"]).select(*columns).to_pandas()
    )
    return frame


def reported(history: pd.DataFrame, snapshot: date | None = None) -> pd.DataFrame:
    """Per period, the value as reported: in `snapshot`, else the first snapshot taken after
    the period closed (the month-end figure), else the latest snapshot holding the period."""
    if history.empty:
        return pd.DataFrame(columns=["period", "reported", "reported_on"])
    frame = history.assign(
        snapshot_date=pd.to_datetime(history["snapshot_date"]).dt.date,
        period=pd.to_datetime(history["period"]).dt.date,
    )
    if snapshot is not None:
        chosen = frame[frame["snapshot_date"] == snapshot]
    else:
        ordered = frame.sort_values(["period", "snapshot_date"])
        chosen = pd.DataFrame([_as_closed(rows) for _, rows in ordered.groupby("period")])
    renamed = chosen.rename(columns={"value": "reported", "snapshot_date": "reported_on"})
    return renamed[["period", "reported", "reported_on"]].reset_index(drop=True)


def _as_closed(rows: pd.DataFrame) -> pd.Series:
    """The row of the first snapshot after the period's month ended (else the latest one);
    `rows` are one period's, oldest snapshot first."""
    closed = rows[rows["snapshot_date"] >= add_months(rows["period"].iloc[0], 1)]
    return closed.iloc[0] if len(closed) else rows.iloc[-1]


def restatements(
    ws: Workspace,
    metric: str,
    measure: str = "value",
    snapshot: date | None = None,
    start: date | None = None,
    end: date | None = None,
) -> pd.DataFrame:
    """`metric` per month as reported then beside the same months as computed now."""
    then = reported(snapshot_series(ws, metric, measure), snapshot)
    then = then[[_within(p, start, end) for p in then["period"]]] if len(then) else then
    if then.empty:
        return pd.DataFrame(columns=RESTATEMENT_COLUMNS)
    now = ws.metric(metric, "month", min(then["period"]), max(then["period"]))
    restated = {pd.Timestamp(p).date(): v for p, v in zip(now["period"], now[measure], strict=True)}
    rows = [_compare(row, restated.get(row["period"])) for row in then.to_dict("records")]
    return pd.DataFrame(rows, columns=RESTATEMENT_COLUMNS).sort_values("period", ignore_index=True)


def _within(period: date, start: date | None, end: date | None) -> bool:
    return (start is None or period >= start) and (end is None or period <= end)


def _compare(row: Mapping[Hashable, object], now: object) -> dict[str, object]:
    then, restated = exact(row["reported"]), exact(now)
    change = restated - then if then is not None and restated is not None else None
    return {
        "period": row["period"],
        "reported_on": row["reported_on"],
        "reported": then,
        "restated": restated,
        "change": change,
        "restated_flag": bool(change) or (then is None) != (restated is None),
    }
