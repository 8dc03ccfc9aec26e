"""How far back a change reaches: the incremental refresh recomputes a usage series from the
period holding the first changed event (`UP_TO_PERIOD_END`), and onboarding sessions from
the onboarding window before it. Here the events after a day are left out of a company:
every period that ended before that day keeps its value (before the window, for onboarding
sessions), at two grains and with a split."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pandas as pd
import pyarrow.parquet as pq
import pytest

from tenure.demo import DemoSpec, write_parquet
from tenure.demo.load import import_demo
from tenure.metrics.conventions import Conventions
from tenure.metrics.incremental import UP_TO_PERIOD_END
from tenure.workspace import Workspace

pytestmark = pytest.mark.slow

END, CUT = date(2026, 6, 30), date(2026, 4, 16)
ONBOARDING = Conventions().onboarding_target_days


@pytest.fixture(scope="module")
def companies(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, Workspace]]:
    root = tmp_path_factory.mktemp("reach")
    write_parquet(DemoSpec(accounts=80, months=8, seed=9, end=END), root / "files")
    cut = root / "cut"
    cut.mkdir()
    for path in (root / "files").glob("*.parquet"):
        rows = pq.read_table(path)
        if path.stem == "events":
            frame = rows.to_pandas()
            rows = frame[frame.occurred_at < pd.Timestamp(CUT)]
            rows.to_parquet(cut / path.name, index=False)
        else:
            pq.write_table(rows, cut / path.name)
    with Workspace.init(root / "full") as full, Workspace.init(root / "cut-ws") as less:
        import_demo(full, root / "files")
        import_demo(less, cut)
        yield full, less


def _before(frame: pd.DataFrame, grain: str, day: date) -> pd.DataFrame:
    """The rows of periods that ended before `day`."""
    step = {"week": timedelta(days=7), "month": timedelta(days=31)}[grain]
    starts = pd.to_datetime(frame["period"])
    last = starts + step if grain == "week" else starts + pd.offsets.MonthEnd(0)
    return frame[last < pd.Timestamp(day)].reset_index(drop=True)


@pytest.mark.parametrize("grain", ["week", "month"])
@pytest.mark.parametrize("key", sorted(UP_TO_PERIOD_END | {"onboarding_sessions"}))
def test_later_events_leave_earlier_periods_alone(
    companies: tuple[Workspace, Workspace], key: str, grain: str
) -> None:
    full, less = companies
    by = ("plan",) if grain == "month" else ()
    day = CUT - timedelta(days=ONBOARDING) if key == "onboarding_sessions" else CUT
    ours = _before(less.metric(key, grain, date(2025, 11, 1), END, by=by), grain, day)
    theirs = _before(full.metric(key, grain, date(2025, 11, 1), END, by=by), grain, day)
    assert len(ours) > 0
    pd.testing.assert_frame_equal(ours, theirs, check_dtype=False)
