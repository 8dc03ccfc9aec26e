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
from tenure.demo.split import LATER, WHEN, split_company
from tenure.metrics import changed
from tenure.metrics.catalogue import METRICS
from tenure.metrics.incremental import COHORT_KINDS, UNBOUNDED, RefreshReport, Series, refresh
from tenure.schema import IMPORT_ORDER
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
        assert list(results) == SERIES  # in the order asked, whatever the order computed
        # the day brought no subscription: series reading no other changed table are kept
        assert ("mrr", "month", ()) in report.unchanged
        assert ("nps", "month", ()) in report.partial
        # a day of events changes the usage series from its own month on
        assert report.starts[("active_users", "month", ())] == date(2026, 6, 1)
        assert report.starts[("onboarding_sessions", "month", ())] == date(2026, 5, 1)
        # answers count on the day given (`OWN_DATES`): the day's answers reach no further back
        assert report.starts[("nps", "month", ())] == date(2026, 6, 1)
        equal_to_a_full_run(ws, results, report)
        fingerprints_as_if_taken_whole(ws)
        one_more_event(ws, root / "one-event.csv", date(2026, 6, 10))
        _, late = refresh(ws, [("active_users", "month", ())])
        assert late.starts[("active_users", "month", ())] == date(2026, 6, 1)
        fingerprints_as_if_taken_whole(ws)


def one_more_event(ws: Workspace, path: Path, day: date) -> None:
    """Import one more event of a known account and user on `day` (which has events)."""
    row = ws.table("events").limit(1).to_pandas().iloc[0]
    path.write_text(
        "account_id,user_id,event,occurred_at\n"
        f"{row.account_id},{row.user_id},{row.event},{day.isoformat()} 12:34:56.789\n"
    )
    ws.import_file("events", path)


def fingerprints_as_if_taken_whole(ws: Workspace) -> None:
    """The fingerprints a refresh took only for the tables and days that changed are those
    of every table taken anew."""

    def kept() -> dict[str, pd.DataFrame]:
        found = {}
        for name in sorted(t for t in ws.store.con.list_tables() if t.startswith(changed.PREFIX)):
            frame = ws.store.con.table(name).to_pandas()
            found[name] = frame.sort_values(list(frame.columns)).reset_index(drop=True)
        return found

    patched = kept()
    changed.take(ws)
    taken_whole = kept()
    assert patched.keys() == taken_whole.keys() and len(patched) > 5
    for name, frame in patched.items():
        pd.testing.assert_frame_equal(frame, taken_whole[name], obj=name)
    assert changed.earliest_change(ws) == changed.NOTHING


def equal_to_a_full_run(
    ws: Workspace, results: dict[Series, pd.DataFrame], report: RefreshReport
) -> None:
    """Every refreshed series equals its full recomputation, on a new connection without
    the result cache (none of the results or blocks the refresh kept)."""
    with Workspace.open(ws.folder) as fresh:
        fresh.settings.workspace.result_cache = "off"
        _equal_to_a_full_run(fresh, results, report)


def _equal_to_a_full_run(
    ws: Workspace, results: dict[Series, pd.DataFrame], report: RefreshReport
) -> None:
    for series, frame in results.items():
        key, grain, by = series
        if key.endswith("_cohorts"):  # cohort tables are computed whole, or kept
            assert series in report.whole or series in report.unchanged
            same(frame, ws.cohorts(COHORT_KINDS[key]))
            continue
        full = ws.metric(key, grain, by=by)
        if series in report.whole and report.recompute_from is not None:
            # only when its history starts after the change, its segments moved, or a
            # change to one of its tables may reach any earlier period
            moved = {"plan", "signup_cohort"} & set(by)
            unbounded = any(metric == key for metric, _ in UNBOUNDED)
            starts_later = full["period"].min() >= report.recompute_from.isoformat()
            assert moved or unbounded or starts_later, series
        same(frame, full)


def last_subscription_day(files: Path) -> date:
    """The last day before `DAY` on which a subscription started or ended."""
    subs = pq.read_table(files / "subscriptions.parquet").to_pandas()
    days = set(subs.started_at.dt.date) | set(subs.ended_at.dropna().dt.date)
    return max(day for day in days if day < DAY)


def company_as_of(files: Path, day: date, out: Path) -> None:
    """The company as it stood at the end of `day`: later rows left out, and dates known
    only later (cancellations, resolutions, payments) not yet known."""
    out.mkdir(exist_ok=True)
    end = pd.Timestamp(day) + pd.Timedelta(days=1)
    for table in IMPORT_ORDER:
        path = files / f"{table}.parquet"
        if not path.exists():
            continue
        rows = pq.read_table(path).to_pandas()
        if table in WHEN:
            when = pd.to_datetime(rows[WHEN[table]])
            rows = rows[when.isna() | (when < end)]
        for column in LATER.get(table, ()):
            rows[column] = rows[column].where(pd.to_datetime(rows[column]) < end)
        rows.to_parquet(out / f"{table}.parquet", index=False)


def test_a_day_of_subscription_changes_equals_a_full_run(
    folders: tuple[Path, Path, Path],
) -> None:
    root = folders[0]
    day = last_subscription_day(root / "files")
    company_as_of(root / "files", day, root / "files-subs")
    split_company(root / "files-subs", day, root / "before-subs", root / "day-subs")
    with Workspace.init(root / "ws-subs") as ws:
        import_demo(ws, root / "before-subs", missing_ok=True)
        refresh(ws, SERIES)
        import_demo(ws, root / "day-subs", missing_ok=True)
        results, report = refresh(ws, SERIES)
        month = day.replace(day=1)
        assert report.starts[("mrr", "month", ())] < month  # revenue reaches back
        assert report.starts[("engagement_tier", "month", ())] < month  # paying customers
        assert report.starts[("active_users", "month", ())] == month  # events only
        equal_to_a_full_run(ws, results, report)


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
