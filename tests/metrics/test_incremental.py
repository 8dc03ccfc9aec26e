"""Incremental refresh: a day of new events, tickets, invoices and answers (with
cancellations and resolutions of older rows) is appended; only the periods it can touch are
recomputed, and every series equals a full recomputation."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from tenure.demo import DemoSpec, write_parquet
from tenure.metrics import changed
from tenure.metrics.catalogue import METRICS
from tenure.metrics.incremental import Series, refresh
from tenure.schema import IMPORT_ORDER
from tenure.workspace import Workspace

pytestmark = pytest.mark.slow

DAY = date(2026, 6, 30)
#: The date that places each row in time (rows dated DAY arrive with the new day).
WHEN = {
    "accounts": "created_at", "subscriptions": "started_at", "invoices": "issued_at",
    "events": "occurred_at", "tickets": "created_at", "surveys": "responded_at",
    "touchpoints": "occurred_at", "assignments": "from", "costs": "period",
}  # fmt: skip
#: Columns only known once DAY happened (empty in the data before it).
LATER = {
    "subscriptions": ("ended_at",), "tickets": ("first_response_at", "resolved_at"),
    "invoices": ("paid_at",),
}  # fmt: skip
SERIES: list[Series] = [(m.key, "month", ()) for m in METRICS] + [
    (key, "month", ("plan",)) for key in ("mrr", "logo_churn_rate", "nps", "ticket_volume")
]


def _on_day(column: pa.ChunkedArray) -> pa.ChunkedArray:
    start = datetime.combine(DAY, datetime.min.time())
    if pa.types.is_date(column.type):
        return pc.equal(column, pa.scalar(DAY, column.type))
    low = pa.scalar(start, column.type)
    high = pa.scalar(start + timedelta(days=1), column.type)
    return pc.and_(pc.greater_equal(column, low), pc.less(column, high))


def split(files: Path, before: Path, day: Path) -> None:
    """Rows dated DAY (and rows a DAY change touches) go to `day`; the rest to `before`,
    with what DAY changed (cancellations, resolutions, payments) not yet known."""
    before.mkdir()
    day.mkdir()
    for table in IMPORT_ORDER:
        rows = pq.read_table(files / f"{table}.parquet")
        if table not in WHEN:
            pq.write_table(rows, before / f"{table}.parquet")
            continue
        new = pc.fill_null(_on_day(rows[WHEN[table]]), False)
        touched = new
        old = rows
        for column in LATER.get(table, ()):
            hit = pc.fill_null(_on_day(rows[column]), False)
            touched = pc.or_(touched, hit)
            index = old.schema.get_field_index(column)
            cleared = pc.if_else(hit, pa.scalar(None, rows[column].type), old[column])
            old = old.set_column(index, column, cleared)
        pq.write_table(old.filter(pc.invert(new)), before / f"{table}.parquet")
        pq.write_table(rows.filter(touched), day / f"{table}.parquet")


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, Path]]:
    root = tmp_path_factory.mktemp("incremental")
    write_parquet(DemoSpec(accounts=150, months=12, seed=11, end=DAY), root / "files")
    split(root / "files", root / "before", root / "day")
    yield root, root / "before", root / "day"


def import_all(ws: Workspace, folder: Path) -> None:
    for table in IMPORT_ORDER:
        path = folder / f"{table}.parquet"
        if path.exists() and pq.ParquetFile(path).metadata.num_rows:
            report = ws.import_file(table, path)
            assert report.quarantined == 0, report.first_refusals


def same(kept: pd.DataFrame, full: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(
        kept.reset_index(drop=True), full.reset_index(drop=True), check_dtype=False
    )


def test_one_new_day_recomputes_only_recent_periods_and_equals_a_full_run(
    folders: tuple[Path, Path, Path],
) -> None:
    root, before, day = folders
    with Workspace.init(root / "ws") as ws:
        import_all(ws, before)
        _, first = refresh(ws, SERIES)
        assert first.earliest_change is None and len(first.whole) == len(SERIES)
        _, again = refresh(ws, SERIES)
        assert again.earliest_change == changed.NOTHING and len(again.unchanged) == len(SERIES)
        import_all(ws, day)
        results, report = refresh(ws, SERIES)
        assert report.earliest_change is not None and report.earliest_change <= DAY
        assert report.recompute_from is not None and report.recompute_from >= date(2026, 3, 1)
        assert len(report.partial) >= len(SERIES) - 5
        for series, frame in results.items():
            key, grain, by = series
            if key.endswith("_cohorts"):
                assert series in report.whole  # cohort tables are computed whole
                continue
            full = ws.metric(key, grain, by=by)
            if series in report.whole:  # only when its history starts after the change
                assert full["period"].min() >= report.recompute_from.isoformat(), series
            same(frame, full)


def test_a_changed_account_recomputes_everything(folders: tuple[Path, Path, Path]) -> None:
    root, before, _ = folders
    with Workspace.init(root / "ws2") as ws:
        import_all(ws, before)
        changed.take(ws)
        accounts = pq.read_table(before / "accounts.parquet").slice(0, 1).to_pandas()
        accounts["plan"] = "a plan nobody had"
        path = root / "one-account.parquet"
        accounts.to_parquet(path, index=False)
        ws.import_file("accounts", path)
        assert changed.earliest_change(ws) == changed.EVERYTHING
