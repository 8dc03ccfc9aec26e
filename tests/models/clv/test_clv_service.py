"""CLV on a purchase log: calibration end, both fits, per-customer scores."""

from __future__ import annotations

import pandas as pd
import pytest

from tenure.models.clv import ModelDataError
from tenure.models.clv.service import ClvFit, fit_clv


@pytest.fixture(scope="module")
def purchases(cdnow: pd.DataFrame) -> pd.DataFrame:
    return cdnow.rename(columns={"dollars": "amount"})[["customer", "date", "amount"]]


@pytest.fixture(scope="module")
def model(purchases: pd.DataFrame) -> ClvFit:
    return fit_clv(purchases, "1997-09-30", "week")


def test_parameters_carry_the_published_names(model: ClvFit) -> None:
    keys = ["r", "alpha", "a", "b", "p", "q", "gamma"]
    assert list(model.parameters())[:7] == keys
    assert model.parameters()["n_repeat_buyers"] == 946


def test_default_calibration_end_is_the_last_purchase_day(purchases: pd.DataFrame) -> None:
    everything = fit_clv(purchases, time_unit="month")
    assert everything.calibration_end == pd.Timestamp("1998-06-30")
    assert everything.parameters()["time_unit"] == "month"


def test_scores_rank_customers_by_clv(model: ClvFit) -> None:
    scores = model.scores(horizon_months=12, annual_discount_rate=0.1)
    assert len(scores) == 2357
    assert scores["clv"].is_monotonic_decreasing
    assert scores["p_alive"].between(0, 1).all()
    assert (scores.loc[scores["frequency"] == 0, "p_alive"] == 1).all()
    longer = model.scores(horizon_months=24, annual_discount_rate=0.1)
    assert (longer["clv"] >= scores["clv"].reindex(longer.index)).all()
    with pytest.raises(ModelDataError, match="more than 0 months"):
        model.scores(horizon_months=0)


def test_too_few_repeat_buyers_is_a_clear_error() -> None:
    log = pd.DataFrame(
        {
            "customer": ["a", "a", "b", "c", "d", "e"],
            "date": [
                "2024-01-01",
                "2024-01-09",
                "2024-01-02",
                "2024-01-03",
                "2024-01-04",
                "2024-01-05",
            ],
            "amount": [10.0, 12.0, 5.0, 6.0, 7.0, 8.0],
        }
    )
    with pytest.raises(ModelDataError, match="only 1 up to 2024-01-31"):
        fit_clv(log, "2024-01-31", "day")
