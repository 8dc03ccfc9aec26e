"""Split a generated company at a day: the files as they stood the day before, and the
day's files (new rows, and older rows the day changed: cancellations, first responses,
resolutions, payments). Importing the first, then the second, replays one day of a live
company — what the incremental refresh tests and benchmarks need.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from tenure.schema import IMPORT_ORDER

#: The date that places each row in time (rows dated the day arrive with it).
WHEN = {
    "accounts": "created_at", "subscriptions": "started_at", "invoices": "issued_at",
    "events": "occurred_at", "tickets": "created_at", "surveys": "responded_at",
    "touchpoints": "occurred_at", "assignments": "from", "costs": "period",
}  # fmt: skip
#: Columns only known once the day happened (empty the day before).
LATER = {
    "subscriptions": ("ended_at",), "tickets": ("first_response_at", "resolved_at"),
    "invoices": ("paid_at",),
}  # fmt: skip


def on_day(column: pa.ChunkedArray, day: date) -> pa.ChunkedArray:
    """True where the value falls on `day` (null stays null)."""
    if pa.types.is_date(column.type):
        return pc.equal(column, pa.scalar(day, column.type))
    start = datetime.combine(day, datetime.min.time())
    low = pa.scalar(start, column.type)
    high = pa.scalar(start + timedelta(days=1), column.type)
    return pc.and_(pc.greater_equal(column, low), pc.less(column, high))


def _split_table(rows: pa.Table, table: str, day: date) -> tuple[pa.Table, pa.Table]:
    new = pc.fill_null(on_day(rows[WHEN[table]], day), False)
    touched, before = new, rows
    for column in LATER.get(table, ()):
        hit = pc.fill_null(on_day(rows[column], day), False)
        touched = pc.or_(touched, hit)
        cleared = pc.if_else(hit, pa.scalar(None, rows[column].type), before[column])
        before = before.set_column(before.schema.get_field_index(column), column, cleared)
    return before.filter(pc.invert(new)), rows.filter(touched)


def split_company(files: Path, day: date, before: Path, after: Path) -> dict[str, int]:
    """Write `before` (the company the day before `day`) and `after` (the day's rows, one
    file per table that has any); the rows of the day per table."""
    before.mkdir(parents=True, exist_ok=True)
    after.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for table in IMPORT_ORDER:
        rows = pq.read_table(files / f"{table}.parquet")
        if table not in WHEN:
            pq.write_table(rows, before / f"{table}.parquet")
            continue
        known, today = _split_table(rows, table, day)
        pq.write_table(known, before / f"{table}.parquet")
        if today.num_rows:
            pq.write_table(today, after / f"{table}.parquet")
            counts[table] = today.num_rows
    return counts
