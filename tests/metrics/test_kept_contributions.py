"""A metric's contribution rows are kept (on DuckDB) for its next split: every catalogue
metric split by plan from the kept rows equals the same split computed from scratch, and
only the last few metrics' rows stay on the connection."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pandas as pd
import pytest
from whole_company import demo_company

from tenure.demo import DemoSpec
from tenure.metrics.catalogue import METRICS
from tenure.metrics.incremental import COHORT_KINDS
from tenure.metrics.materialised import CONTRIBUTIONS_KEPT
from tenure.workspace import Workspace

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    spec = DemoSpec(accounts=120, months=10, seed=5, end=date(2026, 6, 30))
    with demo_company(tmp_path_factory.mktemp("kept"), spec, cached=False) as ws:
        yield ws


def _kept_rows_tables(ws: Workspace) -> list[str]:
    raw = ws.store.con.con  # type: ignore[attr-defined]
    found = raw.execute(
        "SELECT table_name FROM duckdb_tables() "
        "WHERE temporary AND table_name LIKE 'tenure_kept_rows_%'"
    ).fetchall()
    return [name for (name,) in found]


def split_by_plan(ws: Workspace, key: str, keep: bool) -> pd.DataFrame:
    ws.keep_blocks = keep
    try:
        return ws.metric(key, "month", by=("plan",)).reset_index(drop=True)
    finally:
        ws.keep_blocks = True


@pytest.mark.parametrize(
    "key",
    [m.key for m in METRICS if m.key not in COHORT_KINDS and m.segments == "accounts"],
)
def test_a_split_from_kept_rows_equals_one_from_scratch(demo: Workspace, key: str) -> None:
    demo.metric(key, "month")  # company-wide first: keeps the metric's rows
    from_kept = split_by_plan(demo, key, keep=True)
    fresh = split_by_plan(demo, key, keep=False)
    pd.testing.assert_frame_equal(from_kept, fresh)
    assert len(_kept_rows_tables(demo)) <= CONTRIBUTIONS_KEPT


def test_kept_segments_follow_the_filters(demo: Workspace) -> None:
    """Kept plan segments are rebuilt for other filters: each filtered split equals the
    same split from scratch, and two different filters give different accounts."""
    results = []
    for plans in (["growth"], ["business", "enterprise"]):
        where = {"plan": plans}
        kept = demo.metric("customers", "month", by=("plan",), where=where)
        demo.keep_blocks = False
        try:
            fresh = demo.metric("customers", "month", by=("plan",), where=where)
        finally:
            demo.keep_blocks = True
        pd.testing.assert_frame_equal(kept.reset_index(drop=True), fresh.reset_index(drop=True))
        results.append(set(kept["plan"].dropna()))
    assert results == [{"growth"}, {"business", "enterprise"}]


@pytest.mark.parametrize(
    "key, dimension",
    [("event_count", "event"), ("feature_adoption", "feature"), ("ticket_volume", "severity")],
)
def test_kept_rows_sum_over_the_row_dimensions(demo: Workspace, key: str, dimension: str) -> None:
    """The kept rows of a metric with row dimensions are summed over them (a row per
    account and period, not per event): company-wide and by plan they still equal the
    split by the dimension summed back, which is computed from the rows themselves."""
    numerator = "numerator" if key == "feature_adoption" else "value"
    for by in ((), ("plan",)):
        kept = demo.metric(key, "month", by=by).reset_index(drop=True)
        split = demo.metric(key, "month", by=(*by, dimension))
        summed = split.groupby(["period", *by], dropna=False)[numerator].sum().reset_index()
        joined = kept.merge(summed, on=["period", *by], how="left", suffixes=("", "_summed"))
        assert joined[numerator].sum() > 0
        assert (joined[numerator] == joined[f"{numerator}_summed"].fillna(0)).all()


def test_event_counts_from_kept_rows_match_the_events(demo: Workspace) -> None:
    """An independent count: the events of each month, straight from the table."""
    events = demo.table("events").to_pandas()
    months = pd.to_datetime(events["occurred_at"]).dt.to_period("M").dt.start_time
    expected = events.groupby(months.dt.date).size()
    found = demo.metric("event_count", "month").set_index("period")["value"]
    found = found[found > 0]
    assert {str(period): int(n) for period, n in found.items()} == {
        str(day): int(n) for day, n in expected.items()
    }
