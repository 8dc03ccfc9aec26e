"""The top drivers of each account: the largest positive effects, at most `count`, equal
to sorting each row on its own (the plain pandas way, as the oracle)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tenure.models.risk.drivers import top_drivers


def row_by_row(effects: pd.DataFrame, count: int) -> list[list[tuple[str, float]]]:
    found = []
    for _, row in effects.iterrows():
        ranked = row[row > 0].sort_values(ascending=False, kind="stable").head(count)
        found.append([(str(name), float(value)) for name, value in ranked.items()])
    return found


@pytest.mark.parametrize("count", [0, 1, 3, 8])
def test_top_drivers_equal_a_sort_of_each_row(count: int) -> None:
    rng = np.random.default_rng(3)
    values = rng.normal(0, 0.1, size=(500, 6)).round(2)  # rounded: ties happen
    values[rng.random(values.shape) < 0.1] = np.nan
    values[:20] = -np.abs(values[:20])  # rows with no positive effect
    effects = pd.DataFrame(values, columns=[f"f{i}" for i in range(6)])
    assert top_drivers(effects, count) == row_by_row(effects, count)
    assert any(len(found) == min(count, 6) for found in top_drivers(effects, count))


def test_no_features_no_drivers() -> None:
    assert top_drivers(pd.DataFrame(index=range(3)), 3) == [[], [], []]
