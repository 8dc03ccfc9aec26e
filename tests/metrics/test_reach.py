"""How far back a change reaches: the incremental refresh recomputes a usage series from the
period holding the first changed event (`UP_TO_PERIOD_END`), onboarding sessions from the
onboarding window before it, and a series reading tickets, survey answers, touchpoints,
invoices or costs from the period holding the earliest date of a changed row
(`OWN_DATES`). Here the rows after a day are left out of a company — the events from that
day, or the rows of one of those tables whose every date is on or after it: every period
that ended before that day keeps its value (before the window, for onboarding sessions),
at two grains and with a split."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from tenure.demo import DemoSpec, write_parquet
from tenure.demo.load import import_demo
from tenure.metrics.catalogue import METRICS, get_metric
from tenure.metrics.conventions import Conventions
from tenure.metrics.incremental import OWN_DATES, UP_TO_PERIOD_END
from tenure.schema import TABLES
from tenure.workspace import Workspace

pytestmark = pytest.mark.slow

END, CUT = date(2026, 6, 30), date(2026, 4, 16)
ONBOARDING = Conventions().onboarding_target_days
Cut = Callable[[str], Workspace]


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, Path]]:
    """The whole company, and the folder of its files."""
    root = tmp_path_factory.mktemp("reach")
    write_parquet(DemoSpec(accounts=80, months=8, seed=9, end=END), root / "files")
    with Workspace.init(root / "full") as workspace:
        import_demo(workspace, root / "files")
        yield workspace, root / "files"


@pytest.fixture(scope="module")
def cut(full: tuple[Workspace, Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cut]:
    """The company without the rows of one table from `CUT` on, one workspace per table."""
    made: dict[str, Workspace] = {}

    def without_later(table: str) -> Workspace:
        if table not in made:
            root = tmp_path_factory.mktemp(f"cut-{table}")
            for path in full[1].glob("*.parquet"):
                rows = pq.read_table(path)
                if path.stem == table:
                    everything = rows.to_pandas()
                    rows = _earlier(everything, table)
                    assert 0 < len(rows) < len(everything), f"nothing to cut in {table}"
                    rows.to_parquet(root / path.name, index=False)
                else:
                    pq.write_table(rows, root / path.name)
            made[table] = Workspace.init(root / "ws")
            import_demo(made[table], root)
        return made[table]

    yield without_later
    for workspace in made.values():
        workspace.close()


def _earlier(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """The rows of `table` with a date before `CUT` (each row's earliest date)."""
    dates = [c.name for c in TABLES[table].columns if c.type in ("date", "timestamp")]
    earliest = frame[dates].apply(pd.to_datetime).min(axis=1)
    return frame[earliest < pd.Timestamp(CUT)]


def _before(frame: pd.DataFrame, grain: str, day: date) -> pd.DataFrame:
    """The rows of periods that ended before `day`."""
    step = {"week": timedelta(days=7), "month": timedelta(days=31)}[grain]
    starts = pd.to_datetime(frame["period"])
    last = starts + step if grain == "week" else starts + pd.offsets.MonthEnd(0)
    return frame[last < pd.Timestamp(day)].reset_index(drop=True)


def _compare(full: Workspace, less: Workspace, key: str, grain: str, day: date) -> None:
    """The periods of `key` that ended before `day` are the same in both companies."""
    metric = get_metric(key)
    by = ("plan",) if grain == "month" and metric.segments == "accounts" else ()
    ours = _before(less.metric(key, grain, date(2025, 11, 1), END, by=by), grain, day)
    theirs = _before(full.metric(key, grain, date(2025, 11, 1), END, by=by), grain, day)
    assert len(ours) > 0
    pd.testing.assert_frame_equal(ours, theirs, check_dtype=False)


@pytest.mark.parametrize("grain", ["week", "month"])
@pytest.mark.parametrize("key", sorted(UP_TO_PERIOD_END | {"onboarding_sessions"}))
def test_later_events_leave_earlier_periods_alone(
    full: tuple[Workspace, Path], cut: Cut, key: str, grain: str
) -> None:
    day = CUT - timedelta(days=ONBOARDING) if key == "onboarding_sessions" else CUT
    _compare(full[0], cut("events"), key, grain, day)


def _own_dates_cases() -> list[tuple[str, str, str]]:
    """(table, metric, grain) for every metric reading a table of `OWN_DATES`."""
    return [
        (table, metric.key, grain)
        for table in sorted(OWN_DATES)
        for metric in METRICS
        if table in metric.tables
        for grain in ("week", "month")
        if grain == "month" or metric.min_grain in ("day", "week")
    ]


@pytest.mark.parametrize(("table", "key", "grain"), _own_dates_cases())
def test_later_rows_leave_earlier_periods_alone(
    full: tuple[Workspace, Path], cut: Cut, table: str, key: str, grain: str
) -> None:
    _compare(full[0], cut(table), key, grain, CUT)
