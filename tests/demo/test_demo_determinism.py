"""The same spec always gives the same company; another seed gives another one."""

from __future__ import annotations

import time
from datetime import date

import pyarrow as pa

from tenure.demo import DemoSpec, generate

SMALL = DemoSpec(accounts=400, months=18, seed=3, end=date(2025, 6, 30))


def _company(spec: DemoSpec) -> dict[str, pa.Table]:
    batches = list(generate(spec))
    return {name: pa.concat_tables([batch[name] for batch in batches]) for name in batches[0]}


def test_same_spec_same_tables() -> None:
    first, second = _company(SMALL), _company(SMALL)
    for name in first:
        assert first[name].equals(second[name]), name


def test_other_seed_other_company() -> None:
    first = _company(SMALL)
    other = _company(DemoSpec(accounts=400, months=18, seed=4, end=date(2025, 6, 30)))
    assert first["features"].equals(other["features"])  # the catalogue is fixed
    for name in ("accounts", "subscriptions", "events", "tickets", "surveys", "costs"):
        assert not first[name].equals(other[name]), name


def test_batches_reproduce_independently(
    batches: list[dict[str, pa.Table]], spec: DemoSpec
) -> None:
    again = generate(spec)
    first = next(again)
    assert all(first[name].equals(batches[0][name]) for name in first)


def test_empty_and_tiny_companies() -> None:
    empty = list(generate(DemoSpec(accounts=0, months=3, end=date(2025, 6, 30))))
    assert len(empty) == 1
    assert empty[0]["accounts"].num_rows == 0 and empty[0]["csms"].num_rows >= 10
    tiny = _company(DemoSpec(accounts=5, months=1, seed=1, end=date(2025, 6, 15)))
    assert tiny["accounts"].num_rows == 5
    assert tiny["costs"].num_rows > 0


def test_default_spec_is_fast() -> None:
    started = time.perf_counter()
    company = _company(DemoSpec(end=date(2026, 10, 31)))
    elapsed = time.perf_counter() - started
    assert 700_000 <= company["events"].num_rows <= 1_400_000
    assert elapsed < 30, elapsed  # typically ~1 s; a generous bound for slow CI machines
