"""Shared fixtures: one generated demo company (three batches) and pandas views of it."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest
from demo_common import ADDON, FAR, HORIZON, SPEC

from tenure.demo import DemoSpec, generate


@pytest.fixture(scope="session")
def spec() -> DemoSpec:
    """The spec of the shared company (6,000 accounts over 36 months: three batches)."""
    return SPEC


@pytest.fixture(scope="session")
def batches(spec: DemoSpec) -> list[dict[str, pa.Table]]:
    """The generated batches."""
    return list(generate(spec))


@pytest.fixture(scope="session")
def tables(batches: list[dict[str, pa.Table]]) -> dict[str, pa.Table]:
    """The whole company: batches concatenated per table."""
    return {name: pa.concat_tables([batch[name] for batch in batches]) for name in batches[0]}


@pytest.fixture(scope="session")
def frames(tables: dict[str, pa.Table]) -> dict[str, pd.DataFrame]:
    """The whole company as pandas data frames."""
    return {name: table.to_pandas() for name, table in tables.items()}


@pytest.fixture(scope="session")
def paid(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Paid rows of the main plan (no trials, no add-ons)."""
    subs = frames["subscriptions"]
    return subs[~subs["is_trial"] & (subs["plan"] != ADDON)].copy()


@pytest.fixture(scope="session")
def lifetimes(paid: pd.DataFrame) -> pd.DataFrame:
    """Per paying account: first paid start, last paid end (NaT = active), churned, last seats."""
    ordered = paid.sort_values(["account_id", "started_at"])
    open_end = ordered["ended_at"].fillna(FAR)
    grouped = ordered.assign(open_end=open_end).groupby("account_id")
    result = pd.DataFrame(
        {
            "first": grouped["started_at"].min(),
            "last_end": grouped["open_end"].max(),
            "seats": grouped["quantity"].last(),
        }
    )
    result["churned"] = result["last_end"] < HORIZON
    return result
