"""The tables a refreshed series is said to read (`series_tables`) hold every canonical
table its SQL reads: a change to any other table leaves the series as it was kept, so an
undeclared table would leave a stale series."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from whole_company import demo_company

from tenure.demo import DemoSpec
from tenure.metrics.api import Request, context
from tenure.metrics.catalogue import METRICS
from tenure.metrics.compiler import aggregate
from tenure.metrics.incremental import COHORT_KINDS, series_tables
from tenure.schema import TABLES
from tenure.workspace import Workspace

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    spec = DemoSpec(accounts=40, months=6, seed=2, end=date(2026, 6, 30))
    with demo_company(tmp_path_factory.mktemp("tables"), spec) as ws:
        yield ws


def tables_read(sql: str) -> set[str]:
    """The canonical tables named in `sql` (Ibis quotes every table name)."""
    return {name for name in re.findall(r'"([a-z_]+)"', sql) if name in TABLES}


@pytest.mark.parametrize("by", [(), ("plan",), ("csm_id",), ("signup_cohort",)])
@pytest.mark.parametrize("key", [m.key for m in METRICS if m.key not in COHORT_KINDS])
def test_a_series_reads_only_its_tables(demo: Workspace, key: str, by: tuple[str, ...]) -> None:
    metric = next(m for m in METRICS if m.key == key)
    split = by if metric.segments == "accounts" else ()
    ctx = context(demo, Request(key, "month", by=split))
    ctx.materialise = False  # the whole computation in one SQL text
    read = tables_read(demo.store.con.compile(aggregate(ctx)))
    assert read, key
    assert read <= series_tables((key, "month", split)), read - series_tables((key, "month", split))


def test_cohort_tables_read_every_table() -> None:
    assert series_tables(("logo_retention_cohorts", "month", ())) == set(TABLES)
