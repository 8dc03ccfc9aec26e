"""Incremental refresh: a day of new events, tickets, invoices and answers (with
cancellations and resolutions of older rows) is appended; only the periods it can touch are
recomputed, and every series equals a full recomputation."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from tenure.demo import DemoSpec, write_parquet
from tenure.demo.load import import_demo
from tenure.demo.split import split_company
from tenure.metrics import changed
from tenure.metrics.catalogue import METRICS
from tenure.metrics.incremental import COHORT_KINDS, Series, refresh
from tenure.workspace import Workspace

pytestmark = pytest.mark.slow

DAY = date(2026, 6, 30)
SERIES: list[Series] = [(m.key, "month", ()) for m in METRICS] + [
    (key, "month", ("plan",)) for key in ("mrr", "logo_churn_rate", "nps", "ticket_volume")
]


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, Path]]:
    root = tmp_path_factory.mktemp("incremental")
    write_parquet(DemoSpec(accounts=150, months=12, seed=11, end=DAY), root / "files")
    counts = split_company(root / "files", DAY, root / "before", root / "day")
    assert {"events", "tickets", "invoices", "surveys"} <= set(counts)
    yield root, root / "before", root / "day"


def same(kept: pd.DataFrame, full: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(
        kept.reset_index(drop=True), full.reset_index(drop=True), check_dtype=False
    )


def test_one_new_day_recomputes_only_recent_periods_and_equals_a_full_run(
    folders: tuple[Path, Path, Path],
) -> None:
    root, before, day = folders
    with Workspace.init(root / "ws") as ws:
        import_demo(ws, before, missing_ok=True)
        _, first = refresh(ws, SERIES)
        assert first.earliest_change is None and len(first.whole) == len(SERIES)
        _, again = refresh(ws, SERIES)
        assert again.earliest_change == changed.NOTHING and len(again.unchanged) == len(SERIES)
        import_demo(ws, day, missing_ok=True)
        results, report = refresh(ws, SERIES)
        assert report.earliest_change is not None and report.earliest_change <= DAY
        assert report.recompute_from is not None and report.recompute_from >= date(2026, 3, 1)
        assert len(report.partial) + len(report.unchanged) >= len(SERIES) - 5
        # the day brought no subscription: series reading no other changed table are kept
        assert ("mrr", "month", ()) in report.unchanged
        assert ("nps", "month", ()) in report.partial
        for series, frame in results.items():
            key, grain, by = series
            if key.endswith("_cohorts"):  # cohort tables are computed whole, or kept
                assert series in report.whole or series in report.unchanged
                same(frame, ws.cohorts(COHORT_KINDS[key]))
                continue
            full = ws.metric(key, grain, by=by)
            if series in report.whole:  # only when its history starts after the change
                assert full["period"].min() >= report.recompute_from.isoformat(), series
            same(frame, full)


def test_a_changed_account_recomputes_everything(folders: tuple[Path, Path, Path]) -> None:
    root, before, _ = folders
    with Workspace.init(root / "ws2") as ws:
        import_demo(ws, before, missing_ok=True)
        changed.take(ws)
        accounts = pq.read_table(before / "accounts.parquet").slice(0, 1).to_pandas()
        accounts["plan"] = "a plan nobody had"
        path = root / "one-account.parquet"
        accounts.to_parquet(path, index=False)
        ws.import_file("accounts", path)
        assert changed.earliest_change(ws) == changed.EVERYTHING
