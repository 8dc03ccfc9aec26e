"""Snapshot dates as a table, and the point-in-time join every signal is built on.

A snapshot `as_of` is a calendar day; what was known then is every row stamped before
`cutoff`, midnight after that day (naive UTC). Window starts are precomputed per snapshot
so that every backend sees only plain comparisons.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

import ibis
import ibis.expr.types as ir
import pyarrow as pa

#: The keys every signal part is aggregated by (cutoff follows from as_of).
GROUP = ("as_of", "cutoff", "account_id")

#: Window columns of the snapshot table: name → days before the cutoff.
WINDOWS = {"since_30": 30, "since_60": 60, "since_90": 90, "since_180": 180, "since_365": 365}


def snapshot_table(days: Sequence[date], horizon_days: int = 90) -> ir.Table:
    """One row per snapshot: as_of, the day 90 days before, the label horizon, the cutoff
    instant and the window starts."""
    ordered = sorted(set(days))
    cutoffs = [datetime.combine(day + timedelta(days=1), time()) for day in ordered]
    columns: dict[str, pa.Array] = {
        "as_of": pa.array(ordered, pa.date32()),
        "as_of_90": pa.array([d - timedelta(days=90) for d in ordered], pa.date32()),
        "horizon": pa.array([d + timedelta(days=horizon_days) for d in ordered], pa.date32()),
        "cutoff": pa.array(cutoffs, pa.timestamp("us")),
    }
    for name, back in WINDOWS.items():
        columns[name] = pa.array([c - timedelta(days=back) for c in cutoffs], pa.timestamp("us"))
    return ibis.memtable(pa.table(columns))


def known(table: ir.Table, snaps: ir.Table, column: str, since: str | None = None) -> ir.Table:
    """Rows of `table` paired with every snapshot that knew them (stamped before its cutoff,
    and at or after its `since` window start when given)."""
    predicates = [table[column] < snaps.cutoff]
    if since is not None:
        predicates.append(table[column] >= snaps[since])
    return table.join(snaps, predicates)


def hours(later: ir.TimestampValue, earlier: ir.TimestampValue) -> ir.FloatingValue:
    """Hours from `earlier` to `later` (portable: epoch seconds on every backend)."""
    seconds = later.epoch_seconds().cast("float64") - earlier.epoch_seconds().cast("float64")
    return seconds / 3600.0
