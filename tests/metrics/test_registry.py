"""Builders that declare their rows one per key (`Builder.one_row_each`) skip the
compiler's sum per account, so the declaration must hold: on a whole demo company, each
such builder's rows are as many as their distinct (period, account, stock, dimensions)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from whole_company import demo_company

from tenure.demo import DemoSpec
from tenure.metrics import api
from tenure.metrics.registry import BUILDERS
from tenure.workspace import Workspace

pytestmark = pytest.mark.slow

ONE_ROW_EACH = sorted(key for key, builder in BUILDERS.items() if builder.one_row_each)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    spec = DemoSpec(accounts=150, months=14, seed=11, end=date(2026, 6, 30))
    with demo_company(tmp_path_factory.mktemp("registry"), spec, cached=False) as ws:
        yield ws


def test_the_usual_per_customer_builders_declare_one_row_each() -> None:
    assert {"adoption", "engagement_tier", "mau", "arrears"} <= set(ONE_ROW_EACH)


@pytest.mark.parametrize("grain", ["month", "week"])
@pytest.mark.parametrize("key", ONE_ROW_EACH)
def test_rows_declared_one_per_key_are(demo: Workspace, key: str, grain: str) -> None:
    request = api.Request(key, grain, None, None, (), {}, None, {})
    ctx = api.context(demo, request)
    rows = BUILDERS[key].rows(ctx)
    keys = ["period", "account_id", "stock", *ctx.metric.dimensions]
    total = rows.count().to_pyarrow().as_py()
    distinct = rows.select(*keys).distinct().count().to_pyarrow().as_py()
    assert total > 0
    assert total == distinct
