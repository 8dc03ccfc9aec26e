"""Compare engine results with oracle results, exactly for money and counts."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import pandas as pd


def same(engine: Any, oracle: Any) -> bool:
    """Exact equality for decimals and integers; floats to 1e-9; empty equals empty."""
    if oracle is None:
        return engine is None or (isinstance(engine, float) and math.isnan(engine))
    if engine is None or (isinstance(engine, float) and math.isnan(engine)):
        return False
    if isinstance(oracle, float):
        return math.isclose(float(engine), oracle, rel_tol=1e-9, abs_tol=1e-12)
    if isinstance(oracle, Decimal | int) and not isinstance(oracle, bool):
        return Decimal(str(engine)) == Decimal(oracle)
    return bool(engine == oracle)


def check(frame: pd.DataFrame, expected: list[dict[str, Any]], key: str, where: str = "") -> None:
    """Every row of `frame` (one per period, in order) equals the oracle's."""
    assert len(frame) == len(expected), f"{key}{where}: {len(frame)} rows, expected {len(expected)}"
    for (_, row), wanted in zip(frame.iterrows(), expected, strict=True):
        for column, value in wanted.items():
            got = row[column]
            assert same(got, value), f"{key}{where} {row['period']} {column}: {got!r} != {value!r}"
