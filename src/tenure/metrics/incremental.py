"""Incremental refresh of a set of metric series: after new data, recompute only the
periods a change can touch and keep the earlier ones.

Series (monthly, weekly, …; any split) are kept as Parquet files in the workspace folder
(`tenure.metrics.kept_series`). `refresh()` asks `tenure.metrics.changed` for the earliest
day the changes since the last refresh touch in each table. A series takes the earliest
among the tables it reads, each stepped back by the days a change to that table can reach
back (`reach_days`):
- `lookback_days`, the longest window by which a metric's value for a period depends on
  later data (renewal grace, activation and trial windows, billing anchors): at least
  `LOOKBACK_DAYS`, longer when a window of the conventions is;
- none for the events of a metric whose periods read events up to their own end, and for
  tickets, survey answers, touchpoints, invoices and costs, each counted from the earliest
  of its own dates on (`OWN_DATES`);
- no bound for a change that can reach any earlier period (a trial converts whenever its
  account first pays).
Values are as of a day (today): a series kept as of an earlier day starts no later than
that day less the look-back; one kept with other conventions or by another version of
tenure is computed whole (what each was kept on is recorded beside it).

The series is recomputed from the start of that period to the end of its range; earlier
rows come from the kept series, and a series none of whose tables changed, kept the same
day, is kept as it is. The splits of a metric that start in the same period are
recomputed by one query (`tenure.metrics.splits`). A recomputation of recent periods
reads the events from a little before them only (`tenure.metrics.floor`). A series never
kept, a change before its first period, a change to the segments (accounts, CSMs,
features) or a non-DuckDB backend means a full computation. The result always equals a
full recompute (tests compare every catalogue metric).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd

from tenure.metrics import changed, kept_series
from tenure.metrics.cache import data_version, pinned
from tenure.metrics.catalogue import get_metric
from tenure.metrics.floor import FLOORABLE
from tenure.metrics.kept_series import Series
from tenure.metrics.periods import next_start, period_start
from tenure.metrics.presets import resolve
from tenure.metrics.range import default_range
from tenure.schema import TABLES
from tenure.workspace import Workspace

LOOKBACK_DAYS = 92
#: Cohort tables (`Workspace.cohorts` kind by metric key): computed whole, their periods
#: are not calendar periods of the data.
COHORT_KINDS = {"logo_retention_cohorts": "logo", "mrr_retention_cohorts": "revenue"}

#: Metrics whose value for a period reads events up to the period's last day only: a change
#: to the events of a day changes the periods from the one holding it.
UP_TO_PERIOD_END = FLOORABLE - {"onboarding_sessions"}
#: Tables each of whose rows counts only in the periods from the earliest of its own dates
#: on, in every metric that reads it: tickets (created, answered, resolved), survey
#: answers, touchpoints, invoices (issued, due, paid) and monthly costs are counted on one
#: of their dates, over trailing windows, or as open (a backlog, arrears) from the first.
#: A change to them reaches back no further than the earliest date it changes.
OWN_DATES = frozenset({"tickets", "surveys", "touchpoints", "invoices", "costs"})
#: (metric, table) whose change may reach any earlier period: a trial converts whenever
#: its account first pays, however long after it started (and counts in the trial's period).
UNBOUNDED = {("trial_to_paid", "subscriptions")}
#: Tables every series may read besides its metric's own: accounts and their segments
#: (plans and cohorts from subscriptions, CSMs and teams), paying customers, features.
STRUCTURE = ("accounts", "subscriptions", "assignments", "csms", "features")


@dataclass
class RefreshReport:
    """What a refresh did: the earliest day touched, and series recomputed whole or in part."""

    earliest_change: date | None
    recompute_from: date | None
    whole: list[Series] = field(default_factory=list)
    partial: list[Series] = field(default_factory=list)
    unchanged: list[Series] = field(default_factory=list)
    #: The first period recomputed, per series recomputed in part.
    starts: dict[Series, date] = field(default_factory=dict)
    #: Series kept without a record of these conventions and this version of tenure
    #: (`kept_series`), recomputed whole whatever the data did.
    unrecorded: list[Series] = field(default_factory=list)


@dataclass
class _Plan:
    """What a refresh does with one series: recompute it from `start` (None: whole),
    keeping the periods of `kept` before it."""

    series: Series
    start: date | None
    kept: pd.DataFrame | None = None
    #: False when `start` is past the last period of the range: the kept periods before
    #: it are the whole series.
    recompute: bool = True


def _compute(
    ws: Workspace,
    key: str,
    grain: str,
    start: date | None,
    splits: list[tuple[str, ...]],
    as_of: date,
) -> list[pd.DataFrame]:
    """The series of metric `key` split each way in `splits`, from the period holding
    `start` (whole when None), as of `as_of`, computed together (`Workspace.metric_splits`)."""
    if start is None:
        return ws.metric_splits(key, grain, splits=splits, as_of=as_of)
    _, last = default_range(ws, get_metric(key), as_of)
    return ws.metric_splits(key, grain, start, last, splits=splits, as_of=as_of)


def _plan(ws: Workspace, series: Series, start: date | None, as_of: date) -> _Plan:
    """From which period to recompute `series`, given the first period a change touches
    (None: whole): also the periods never computed (the range grew); whole when nothing
    is kept or the change precedes its first period; nothing when it follows the last
    (the range ends with the last recorded event: a cancellation may come later)."""
    grain = series[1]
    kept = None if start is None or series[0] in COHORT_KINDS else kept_series.read(ws, series)
    first, last = default_range(ws, get_metric(series[0]), as_of)
    if start is not None:
        start = period_start(start, grain)  # type: ignore[arg-type]
    if kept is not None and start is not None and len(kept):
        start = min(start, _after(kept, grain))
    if kept is None or start is None or period_start(first, grain) >= start:  # type: ignore[arg-type]
        return _Plan(series, None)
    return _Plan(series, start, kept, start <= period_start(last, grain))  # type: ignore[arg-type]


def _carry_out(
    ws: Workspace, plans: list[_Plan], report: RefreshReport, as_of: date
) -> dict[Series, pd.DataFrame]:
    """Recompute the planned series: the splits of a metric that start in the same period
    by one query, the earliest starts first (the usage blocks kept for the earliest
    history floor then serve the later ones)."""
    groups: dict[tuple[str, str, date | None], list[_Plan]] = {}
    found: dict[Series, pd.DataFrame] = {}
    for plan in plans:
        if not plan.recompute:
            found[plan.series] = _finish(ws, plan, None, report)
            continue
        groups.setdefault((plan.series[0], plan.series[1], plan.start), []).append(plan)
    for (key, grain, start), group in sorted(groups.items(), key=lambda g: g[0][2] or date.min):
        if key in COHORT_KINDS:
            frames = [ws.cohorts(COHORT_KINDS[key], as_of=as_of) for _ in group]
        else:
            frames = _compute(ws, key, grain, start, [plan.series[2] for plan in group], as_of)
        for plan, frame in zip(group, frames, strict=True):
            found[plan.series] = _finish(ws, plan, frame, report)
    return found


def _finish(
    ws: Workspace, plan: _Plan, recent: pd.DataFrame | None, report: RefreshReport
) -> pd.DataFrame:
    """The whole series from its kept earlier periods and the recomputed ones (None:
    none, the plan recomputes no period), written when it differs from the kept one."""
    if plan.start is None:
        assert recent is not None
        report.whole.append(plan.series)
        frame = recent
    else:
        assert plan.kept is not None
        frame = plan.kept[plan.kept["period"] < plan.start.isoformat()]
        if recent is None:
            report.unchanged.append(plan.series)
            if len(frame) == len(plan.kept):
                return plan.kept
            frame = frame.reset_index(drop=True)
        else:
            frame = pd.concat([frame, recent], ignore_index=True) if len(frame) else recent
            report.partial.append(plan.series)
            report.starts[plan.series] = plan.start
    kept_series.write(ws, plan.series, frame)
    return frame


def _after(kept: pd.DataFrame, grain: str) -> date:
    """The start of the period after the last one of a kept series."""
    last = date.fromisoformat(str(kept["period"].max()))
    return next_start(last, grain)  # type: ignore[arg-type]


def refresh(
    ws: Workspace, series: Sequence[Series], as_of: date | None = None
) -> tuple[dict[Series, pd.DataFrame], RefreshReport]:
    """Bring every series up to date with the data and the day `as_of` (today); the
    series and what was recomputed. Each series starts from the earliest change to the
    tables it reads (`series_tables`): a day of tickets resolved long ago does not send
    the usage series back with it. A series kept on an earlier day, or with other
    conventions, starts earlier (`record_touch`)."""
    today = as_of or date.today()
    by_table = changed.changes_by_table(ws)
    moved = _moved_segments(ws, by_table or {})
    report = RefreshReport(changed.earliest_of(by_table), None)
    found: dict[Series, pd.DataFrame] = {}
    records, basis = kept_series.records(ws), kept_series.basis(ws)
    with pinned(ws, data_version(ws)):  # nothing below writes the canonical tables
        plans = []
        for one in series:
            touched = _first_touched(ws, one, by_table)
            if touched is not None:  # None: no fingerprints, computed whole anyway
                kept = records.get(kept_series.name(one))
                since_kept = record_touch(ws, kept, basis, today)
                if since_kept == changed.EVERYTHING and kept_series.exists(ws, one):
                    report.unrecorded.append(one)
                touched = min(touched, since_kept)
            decided = _decide(ws, one, touched, moved, report, today)
            if isinstance(decided, _Plan):
                plans.append(decided)
            else:
                found[one] = decided
        found.update(_carry_out(ws, plans, report, today))
    changed.take(ws, by_table)
    kept_series.record(ws, list(series), today)
    return {one: found[one] for one in series}, report


def record_touch(ws: Workspace, kept: kept_series.Record | None, basis: str, today: date) -> date:
    """The earliest day that what passed since a series was kept (`kept`: its record,
    None when unknown) may change. Its values are as of a day (renewals are decided
    `renewal_grace_days` after their term, onboarding windows end, the range is capped at
    that day): a series kept on an earlier day is treated as if every table had changed on
    that day. Other conventions or another version of tenure (`basis`), or no record:
    EVERYTHING. The same day and basis: NOTHING."""
    if kept is None or kept.basis != basis:
        return changed.EVERYTHING
    if kept.as_of == today:
        return changed.NOTHING
    return kept.as_of - timedelta(days=lookback_days(ws))


def _decide(
    ws: Workspace,
    one: Series,
    touched: date | None,
    moved: set[str],
    report: RefreshReport,
    as_of: date,
) -> _Plan | pd.DataFrame:
    """One series kept as it is (its frame), or the plan to recompute it from the period
    holding `touched` (its first touched day), or whole."""
    if touched == changed.NOTHING:
        kept = kept_series.read(ws, one)
        if kept is not None:
            report.unchanged.append(one)
            return kept
        touched = None  # never kept: computed whole
    start = _start(touched, one[1])
    if start is not None and (report.recompute_from is None or start < report.recompute_from):
        report.recompute_from = start
    whole = bool(moved & set(one[2]))
    return _plan(ws, one, None if whole else start, as_of)


def series_tables(series: Series) -> set[str]:
    """The canonical tables a series may read: its metric's own, and those that decide the
    accounts, their segments and the features (a test compares them with the SQL). Cohort
    tables may be built from invoices when there are no subscriptions: every table."""
    if series[0] in COHORT_KINDS:
        return set(TABLES)
    return set(get_metric(series[0]).tables) | set(STRUCTURE)


def _first_touched(ws: Workspace, series: Series, by_table: dict[str, date] | None) -> date | None:
    """The earliest day on which a period of the series may change: per table it reads,
    the earliest day its changes touch, less the days by which such a change reaches back
    (`reach_days`). NOTHING when none of its tables changed; None without fingerprints."""
    if by_table is None:
        return None
    tables, found = series_tables(series), []
    for name, day in by_table.items():
        if name not in tables or day == changed.NOTHING:
            continue
        reach = reach_days(ws, series[0], name)
        if day == changed.EVERYTHING or reach is None:
            return changed.EVERYTHING
        found.append(day - timedelta(days=reach))
    return min(found, default=changed.NOTHING)


def lookback_days(ws: Workspace) -> int:
    """The longest window by which a metric's value for a period may depend on later data:
    `LOOKBACK_DAYS` (billing anchors, trials), or a longer renewal grace, activation or
    onboarding window of the workspace's conventions."""
    c = resolve(ws.settings.metrics)
    windows = (c.renewal_grace_days, c.activation_window_days, c.onboarding_target_days)
    return max(LOOKBACK_DAYS, *windows)


def reach_days(ws: Workspace, key: str, table: str) -> int | None:
    """How many days before a change to `table` the periods of metric `key` it can change
    may start: none for a table read only for the accounts' segments (per account, not per
    period; segments that move whole histories are handled by `_moved_segments`); none for
    a table of `OWN_DATES`, and for the events of a metric whose periods read events up to
    their own last day only (trailing windows and the previous period look back, not
    forward); the onboarding window for onboarding sessions (counted for the period the
    account was created in); no bound (None) for a change that may reach any earlier
    period (`UNBOUNDED`); else `lookback_days`."""
    if key in COHORT_KINDS:
        return lookback_days(ws)
    if table not in get_metric(key).tables:
        return 0
    if (key, table) in UNBOUNDED:
        return None
    if table in OWN_DATES or (table == "events" and key in UP_TO_PERIOD_END):
        return 0
    if table == "events" and key == "onboarding_sessions":
        return resolve(ws.settings.metrics).onboarding_target_days
    return lookback_days(ws)


def _moved_segments(ws: Workspace, by_table: dict[str, date]) -> set[str]:
    """Segments whose value for an account may have changed in every period: the month of
    its first payment, and its plan when it is that of its latest subscription (no plan in
    `accounts`) — both computed from subscriptions, so any change to them moves them."""
    if by_table.get("subscriptions", changed.NOTHING) == changed.NOTHING:
        return set()
    accounts = ws.table("accounts")
    if "plan" in accounts.columns:
        unplanned = accounts.filter(accounts.plan.isnull()).count().to_pyarrow().as_py()
        return {"cohort", "plan"} if unplanned else {"cohort"}
    return {"cohort", "plan"}


def _start(touched: date | None, grain: str) -> date | None:
    """The first period to recompute: the period of `grain` holding `touched`."""
    if touched is None or touched == changed.EVERYTHING:
        return None
    return period_start(touched, grain)  # type: ignore[arg-type]
