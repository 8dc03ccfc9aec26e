"""How far back a refresh reaches: changes whose effect lands long before them (a trial
converted months later, a renewal grace longer than the default look-back) and the mere
passing of days (renewals become decidable, ranges grow) recompute every period they move,
so a refreshed series always equals a full computation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd

from tenure.metrics.incremental import Series, lookback_days, refresh
from tenure.workspace import Workspace

HEADER = (
    "subscription_id,account_id,plan,started_at,ended_at,term_ends_at,amount,interval,is_trial\n"
)
PAYING = (
    "s1,a1,basic,2026-01-05,,2026-02-05,100,month,false\n"
    "s2,a2,pro,2026-02-10,,2026-03-10,300,month,false\n"
)
TRIAL = "t3,a3,trial,2026-01-10,2026-01-24,,0,month,true\n"
LATE_PAYMENT = "s3,a3,pro,2026-11-20,,,300,month,false\n"
CANCELLED = "s1,a1,basic,2026-01-05,2026-07-01,2026-02-05,100,month,false\n"


def _full(ws: Workspace, series: Series, as_of: date | None = None) -> pd.DataFrame:
    key, grain, by = series
    return ws.metric_splits(key, grain, splits=[by], as_of=as_of)[0]


def _same(kept: pd.DataFrame, full: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(
        kept.reset_index(drop=True), full.reset_index(drop=True), check_dtype=False
    )


def _set_convention(folder: Path, line: str) -> None:
    """Override a convention in the workspace's tenure.toml (which ends with
    [metrics.conventions])."""
    with (folder / "tenure.toml").open("a", encoding="utf-8") as config:
        config.write(line + "\n")


def _subscribe(ws: Workspace, write_file: Callable[[str, str], Path], rows: str) -> None:
    """Import accounts a1 and a2 and the subscriptions `rows`."""
    ws.import_file("accounts", write_file("accounts.csv", "account_id,name\na1,A\na2,B\n"))
    ws.import_file("subscriptions", write_file("subs.csv", HEADER + rows))


def _value(frame: pd.DataFrame, period: str, column: str = "value") -> float:
    return float(frame.loc[frame["period"] == period, column].iloc[0])


def _numerator(frame: pd.DataFrame, period: str) -> float:
    return _value(frame, period, "numerator")


def _denominator(frame: pd.DataFrame, period: str) -> float:
    return _value(frame, period, "denominator")


def test_a_trial_converted_months_later_changes_the_trial_s_period(
    accounts_workspace: Workspace, write_file: Callable[[str, str], Path]
) -> None:
    ws = accounts_workspace
    ws.import_file("subscriptions", write_file("subs.csv", HEADER + PAYING + TRIAL))
    series: Series = ("trial_to_paid", "month", ())
    before, _ = refresh(ws, [series])
    assert _value(before[series], "2026-01-01") == 0.0
    ws.import_file("subscriptions", write_file("late.csv", HEADER + LATE_PAYMENT))
    after, report = refresh(ws, [series])
    assert _value(after[series], "2026-01-01") == 1.0  # ten months after the trial
    assert series in report.whole
    _same(after[series], _full(ws, series))


def test_a_renewal_grace_longer_than_the_look_back_reaches_as_far(
    tmp_path: Path, write_file: Callable[[str, str], Path]
) -> None:
    folder = tmp_path / "grace"
    Workspace.init(folder).close()
    _set_convention(folder, "renewal_grace_days = 200")
    with Workspace.open(folder) as ws:
        assert lookback_days(ws) == 200
        _subscribe(ws, write_file, PAYING)
        series: Series = ("renewal_rate", "month", ())
        before, _ = refresh(ws, [series])
        ws.import_file("subscriptions", write_file("cancel.csv", HEADER + CANCELLED))
        after, report = refresh(ws, [series])
        # a cancellation on 1 July undoes the renewal, decided 200 days after it, of a
        # term that ended on 5 February
        assert _numerator(before[series], "2026-02-01") == 1
        assert _numerator(after[series], "2026-02-01") == 0
        assert report.starts.get(series, date.min) < date(2026, 2, 1)
        _same(after[series], _full(ws, series))


def test_a_later_day_decides_more_renewals_without_new_data(
    accounts_workspace: Workspace, write_file: Callable[[str, str], Path]
) -> None:
    ws = accounts_workspace
    ws.import_file("subscriptions", write_file("subs.csv", HEADER + PAYING))
    series: Series = ("renewal_rate", "month", ())
    first, second = date(2026, 2, 15), date(2026, 3, 1)
    before, _ = refresh(ws, [series], as_of=first)
    after, report = refresh(ws, [series], as_of=second)
    assert report.earliest_change is not None and not report.unchanged
    # the term ending on 5 February is decided on the 19th: unknown on the 15th
    assert _denominator(before[series], "2026-02-01") == 0
    assert _denominator(after[series], "2026-02-01") == 1
    _same(after[series], _full(ws, series, second))
    again, report = refresh(ws, [series], as_of=second)
    assert report.unchanged == [series]
    _same(again[series], after[series])


def test_cohort_tables_are_refreshed_as_of_the_day_given(
    accounts_workspace: Workspace, write_file: Callable[[str, str], Path]
) -> None:
    ws = accounts_workspace
    _subscribe(ws, write_file, PAYING)
    series: Series = ("logo_retention_cohorts", "month", ())
    day = date(2026, 1, 20)  # before a2's first payment: one cohort, a1's
    found, _ = refresh(ws, [series], as_of=day)
    _same(found[series], ws.cohorts("logo", as_of=day))
    assert len(found[series]) < len(ws.cohorts("logo"))  # today: a2's cohort too


def test_a_change_past_the_end_of_the_range_recomputes_no_period(
    accounts_workspace: Workspace, write_file: Callable[[str, str], Path]
) -> None:
    ws = accounts_workspace
    ws.import_file("subscriptions", write_file("subs.csv", HEADER + PAYING))
    series: list[Series] = [("mrr", "month", ()), ("customers", "month", ("plan",))]
    refresh(ws, series)
    late = "s2,a2,pro,2026-02-10,2026-11-01,2026-03-10,300,month,false\n"
    ws.import_file("subscriptions", write_file("late.csv", HEADER + late))
    # the range ends with the last start (10 February): a cancellation on 1 November
    # reaches back to August, after the range
    after, report = refresh(ws, series)
    assert ("mrr", "month", ()) in report.unchanged  # no period of its range to recompute
    for one in series:
        assert after[one]["period"].max() == "2026-02-01"
        _same(after[one], _full(ws, one))


def test_other_conventions_recompute_the_kept_series_whole(
    tmp_path: Path, write_file: Callable[[str, str], Path]
) -> None:
    folder = tmp_path / "conventions"
    Workspace.init(folder).close()
    with Workspace.open(folder) as ws:
        _subscribe(ws, write_file, PAYING)
        ws.import_file("subscriptions", write_file("cancel.csv", HEADER + CANCELLED))
        series: Series = ("renewal_rate", "month", ())
        before, _ = refresh(ws, [series])
        assert _numerator(before[series], "2026-02-01") == 1  # still a customer on the 19th
    _set_convention(folder, "renewal_grace_days = 200")
    with Workspace.open(folder) as ws:
        after, report = refresh(ws, [series])  # the same data and day
        assert report.whole == [series] and report.unrecorded == [series]
        assert _numerator(after[series], "2026-02-01") == 0  # cancelled before 24 August
        _same(after[series], _full(ws, series))
        _, report = refresh(ws, [series])
        assert report.unchanged == [series] and not report.unrecorded
