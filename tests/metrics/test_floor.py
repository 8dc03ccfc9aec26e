"""History floors: a request whose periods start late reads the events table from a little
before its first period only. Every catalogue metric, asked for its last months (at several
grains, company-wide and split), equals the same months of a whole-history computation; the
floor really applies to the floorable metrics, and never to the others."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pandas as pd
import pytest
from whole_company import demo_company

from tenure.demo import DemoSpec
from tenure.metrics.api import Request, context
from tenure.metrics.catalogue import METRICS
from tenure.metrics.conventions import Conventions
from tenure.metrics.floor import FLOORABLE, earliest_needed
from tenure.metrics.incremental import COHORT_KINDS
from tenure.workspace import Workspace

pytestmark = pytest.mark.slow

END = date(2026, 6, 30)
#: Late starts: inside the history, not on a month's first day for the week grain.
STARTS = {"month": date(2026, 3, 1), "quarter": date(2026, 1, 1), "week": date(2026, 4, 6)}
#: Before the first event: a request from then reads the whole history.
WHOLE = date(2024, 1, 1)
SERIES = [m.key for m in METRICS if m.key not in COHORT_KINDS]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    with demo_company(
        tmp_path_factory.mktemp("floor"), DemoSpec(accounts=120, months=14, seed=3, end=END)
    ) as ws:
        yield ws


def _late(ws: Workspace, key: str, grain: str, by: tuple[str, ...]) -> pd.DataFrame:
    frame = ws.metric(key, grain, STARTS[grain], END, by=by)
    return frame.reset_index(drop=True)


def _whole(ws: Workspace, key: str, grain: str, by: tuple[str, ...]) -> pd.DataFrame:
    frame = ws.metric(key, grain, WHOLE, END, by=by)
    kept = frame[frame["period"] >= STARTS[grain].isoformat()]
    return kept.reset_index(drop=True)


@pytest.mark.parametrize("key", SERIES)
def test_late_months_equal_the_whole_history(demo: Workspace, key: str) -> None:
    by: tuple[str, ...] = ("plan",) if key in FLOORABLE else ()
    late, whole = _late(demo, key, "month", by), _whole(demo, key, "month", by)
    assert len(late) > 0
    pd.testing.assert_frame_equal(late, whole, check_dtype=False)


@pytest.mark.parametrize("grain", ["week", "quarter"])
@pytest.mark.parametrize("key", sorted(FLOORABLE))
def test_other_grains_equal_the_whole_history(demo: Workspace, key: str, grain: str) -> None:
    late, whole = _late(demo, key, grain, ()), _whole(demo, key, grain, ())
    pd.testing.assert_frame_equal(late, whole, check_dtype=False)


def test_the_floor_applies_to_floorable_metrics_only(demo: Workspace) -> None:
    for metric in METRICS:
        request = Request(metric.key, "month", STARTS["month"], END)
        floor = context(demo, request).floor
        if metric.key in FLOORABLE:
            assert floor == date(2026, 1, 1), metric.key
        else:
            assert floor is None, metric.key


def test_a_floor_before_the_first_event_reads_everything(demo: Workspace) -> None:
    assert context(demo, Request("mau", "month")).floor is None
    assert context(demo, Request("mau", "month", date(2025, 6, 1), END)).floor is None


def test_the_floor_covers_the_longest_window_and_the_previous_period() -> None:
    wide = Conventions(usage_window_days=75)
    assert earliest_needed(date(2026, 3, 1), "month", Conventions()) == date(2026, 1, 1)
    assert earliest_needed(date(2026, 3, 1), "month", wide) == date(2025, 12, 1)
    assert earliest_needed(date(2026, 1, 1), "year", Conventions()) == date(2025, 1, 1)
    assert earliest_needed(date(2026, 4, 6), "week", Conventions()) == date(2026, 3, 1)


def _kept_blocks(ws: Workspace, name: str) -> list[str]:
    raw = ws.store.con.con  # type: ignore[attr-defined]
    found = raw.execute(
        "SELECT table_name FROM duckdb_tables() WHERE temporary AND table_name LIKE ?",
        [f"tenure_kept_{name}%"],
    ).fetchall()
    return sorted(table for (table,) in found)


def test_a_block_from_an_earlier_floor_serves_a_later_one(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    spec = DemoSpec(accounts=40, months=14, seed=4, end=END)
    with demo_company(tmp_path_factory.mktemp("superset"), spec, cached=False) as ws:
        ws.settings.workspace.usage_rollups = False  # the temporary blocks, not the roll-up
        ws.metric("active_users", "month", date(2026, 1, 1), END)  # floor 2025-12-01
        assert [n for n in _kept_blocks(ws, "user_months") if "_from_20251201" in n]
        late = ws.metric("active_users", "month", STARTS["month"], END)  # floor 2026-01-01
        assert not [n for n in _kept_blocks(ws, "user_months") if "_from_20260101" in n]
        ws.keep_blocks = False
        fresh = ws.metric("active_users", "month", STARTS["month"], END)
        pd.testing.assert_frame_equal(late, fresh)


def test_the_whole_history_block_serves_every_floor(
    demo: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demo.settings.workspace, "usage_rollups", False)
    demo.metric("mau", "month")
    before = _kept_blocks(demo, "user_months")
    demo.metric("mau", "month", STARTS["month"], END)
    assert before and _kept_blocks(demo, "user_months") == before


def test_blocks_of_an_older_data_version_are_dropped(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    root = tmp_path_factory.mktemp("versions")
    with demo_company(root, DemoSpec(accounts=30, months=14, seed=6, end=END)) as ws:
        ws.settings.workspace.usage_rollups = False  # the temporary blocks, not the roll-up
        ws.metric("active_users", "month", STARTS["month"], END)
        old = _kept_blocks(ws, "user_months_from_")
        assert old
        ws.import_file("events", root / "files" / "events.parquet")  # a new data version
        ws.metric("active_users", "month", date(2026, 5, 1), END)
        assert not set(old) & set(_kept_blocks(ws, "user_months"))
