"""Several splits of a metric from one query equal the same splits asked one by one: every
catalogue metric, company-wide and by plan, CSM, signup cohort, cohort and team, with and
without a filter; splits that cannot be stacked are answered one by one; results are
kept for the single requests."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pandas as pd
import pytest
from whole_company import demo_company

from tenure.demo import DemoSpec
from tenure.metrics.api import Request, context
from tenure.metrics.catalogue import METRICS
from tenure.metrics.errors import MetricError
from tenure.metrics.incremental import COHORT_KINDS
from tenure.metrics.splits import metric_splits, stackable
from tenure.workspace import Workspace

pytestmark = pytest.mark.slow

SPLITS = ((), ("plan",), ("csm_id",), ("signup_cohort",), ("cohort",), ("team",))
KEYS = [m.key for m in METRICS if m.key not in COHORT_KINDS]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    spec = DemoSpec(accounts=120, months=10, seed=11, end=date(2026, 6, 30))
    with demo_company(tmp_path_factory.mktemp("splits"), spec, cached=False) as ws:
        yield ws


def _splits_of(key: str) -> tuple[tuple[str, ...], ...]:
    segments = next(m.segments for m in METRICS if m.key == key)
    if segments == "team":
        return ((), ("team",))
    return SPLITS if segments == "accounts" else ((),)


def _one_by_one(ws: Workspace, key: str, splits: tuple[tuple[str, ...], ...], **kw: object) -> list:
    return [ws.metric(key, "month", by=by, **kw).reset_index(drop=True) for by in splits]  # type: ignore[arg-type]


@pytest.mark.parametrize("key", KEYS)
def test_stacked_splits_equal_the_splits_one_by_one(demo: Workspace, key: str) -> None:
    splits = _splits_of(key)
    stacked = metric_splits(demo, Request(key, "month"), splits)
    for by, got, expected in zip(splits, stacked, _one_by_one(demo, key, splits), strict=True):
        assert len(expected), (key, by)
        pd.testing.assert_frame_equal(got, expected, obj=f"{key} by {by}")


@pytest.mark.parametrize("key", ["mrr", "active_users", "nps", "ticket_volume"])
def test_stacked_splits_follow_a_filter(demo: Workspace, key: str) -> None:
    where = {"plan": ["growth", "business"]}
    stacked = metric_splits(demo, Request(key, "month", where=where), SPLITS)
    for got, expected in zip(stacked, _one_by_one(demo, key, SPLITS, where=where), strict=True):
        pd.testing.assert_frame_equal(got, expected)


def test_a_filter_keeping_no_account_still_gives_company_wide_rows(demo: Workspace) -> None:
    where = {"plan": ["no such plan"]}
    whole, by_plan = metric_splits(demo, Request("customers", "month", where=where), SPLITS[:2])
    alone = demo.metric("customers", "month", where=where).reset_index(drop=True)
    pd.testing.assert_frame_equal(whole, alone)
    assert len(whole) and (whole["value"] == 0).all() and by_plan.empty


def test_what_cannot_be_stacked(demo: Workspace) -> None:
    """Two columns, a row dimension, a number column, a team-only metric: one by one."""
    ctx = context(demo, Request("ticket_volume", "month"))
    assert stackable(ctx, [(), ("plan",)])
    assert not stackable(ctx, [(), ("severity",)])
    assert not stackable(ctx, [(), ("plan", "csm_id")])
    assert not stackable(context(demo, Request("cac", "month")), [(), ("team",)])
    splits = ((), ("plan", "csm_id"), ("severity",))
    got = metric_splits(demo, Request("ticket_volume", "month"), splits)
    for one, expected in zip(got, _one_by_one(demo, "ticket_volume", splits), strict=True):
        pd.testing.assert_frame_equal(one, expected)


def test_an_unknown_segment_column_is_the_single_requests_error(demo: Workspace) -> None:
    with pytest.raises(MetricError, match="unknown segment column 'shoe_size'"):
        metric_splits(demo, Request("mrr", "month"), [(), ("shoe_size",)])


def test_results_are_kept_for_the_single_requests(
    demo: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After the stacked query, each split asked alone comes from the kept results (no
    computation), and a split asked later with kept ones is computed alone."""
    from tenure.metrics import api, cache

    demo.settings.workspace.result_cache = "on"
    cache.clear()
    try:
        stacked = demo.metric_splits("mrr", "month", splits=SPLITS[:3])
        asked: list[tuple[str, ...]] = []
        real = metric_splits

        def counted(ws: Workspace, request: Request, splits: list) -> list:  # type: ignore[type-arg]
            asked.extend(splits)
            return real(ws, request, splits)

        monkeypatch.setattr("tenure.metrics.splits.metric_splits", counted)
        monkeypatch.setattr(api, "metric", lambda *a: pytest.fail("computed again"))
        for by, got in zip(SPLITS[:3], stacked, strict=True):
            pd.testing.assert_frame_equal(demo.metric("mrr", "month", by=by), got)
        monkeypatch.undo()
        monkeypatch.setattr("tenure.metrics.splits.metric_splits", counted)
        demo.metric_splits("mrr", "month", splits=SPLITS[:4])
        assert asked == [("signup_cohort",)]
    finally:
        demo.settings.workspace.result_cache = "off"
        cache.clear()
