"""Customer lifetime value: discounted sum of expected purchases per period × expected spend."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tenure.models.clv import (
    BetaGeoFitter,
    GammaGammaFitter,
    ModelDataError,
    customer_lifetime_value,
)

BGNBD = BetaGeoFitter.from_params({"r": 0.2426, "alpha": 4.414, "a": 0.793, "b": 2.426})
SPEND = GammaGammaFitter.from_params({"p": 6.25, "q": 3.74, "gamma": 15.44})
CUSTOMERS = pd.DataFrame(
    {
        "frequency": [0, 2, 5, 5],
        "recency": [0.0, 30.43, 35.0, 5.0],
        "T": [38.86, 38.86, 36.0, 36.0],
        "monetary": [0.0, 22.35, 40.0, 40.0],
    }
)


def _clv(horizon: int, rate: float) -> np.ndarray:
    c = CUSTOMERS
    return customer_lifetime_value(
        BGNBD, SPEND, c["frequency"], c["recency"], c["T"], c["monetary"], horizon, rate
    )


def _expected(t: float) -> np.ndarray:
    c = CUSTOMERS
    return BGNBD.expected_purchases(t, c["frequency"], c["recency"], c["T"])


def test_undiscounted_value_is_expected_purchases_times_expected_spend() -> None:
    spend = SPEND.expected_average_value(CUSTOMERS["frequency"], CUSTOMERS["monetary"])
    np.testing.assert_allclose(_clv(52, 0.0), _expected(52) * spend, rtol=1e-10)


def test_discounting_period_by_period() -> None:
    spend = SPEND.expected_average_value(CUSTOMERS["frequency"], CUSTOMERS["monetary"])
    by_hand = sum((_expected(i) - _expected(i - 1)) / 1.01**i for i in range(1, 11)) * spend
    np.testing.assert_allclose(_clv(10, 0.01), by_hand, rtol=1e-10)
    assert np.all(_clv(10, 0.01) < _clv(10, 0.0))
    assert np.all(_clv(20, 0.01) > _clv(10, 0.01))


def test_recent_frequent_buyers_are_worth_most() -> None:
    values = _clv(52, 0.002)
    assert np.all(values > 0)
    assert values[2] == values.max()  # 5 repeats, the last one recent
    assert values[3] < values[2]  # the same buyer gone quiet for 31 weeks


def test_invalid_horizon_and_rate() -> None:
    with pytest.raises(ModelDataError, match="at least one period"):
        _clv(0, 0.01)
    with pytest.raises(ModelDataError, match="greater than −1"):
        _clv(5, -1.0)
