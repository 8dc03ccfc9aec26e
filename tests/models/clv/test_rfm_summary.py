"""RFM summary: purchase days, time from the first purchase, the published CDNOW counts."""

from __future__ import annotations

import pandas as pd
import pytest

from tenure.models.clv import ModelDataError, rfm_summary


def _log(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["customer", "date", "amount"])


LOG = _log(
    [
        ("a", "2024-01-01", 10.0),
        ("a", "2024-01-01 18:30", 5.0),  # same day: one purchase of 15
        ("a", "2024-01-15", 20.0),
        ("a", "2024-01-29", 40.0),
        ("a", "2024-03-01", 99.0),  # after the calibration end: holdout
        ("b", "2024-01-08", 7.0),
        ("c", "2024-02-20", 3.0),  # first purchase after the calibration end: left out
    ]
)


def test_hand_computed_weekly_summary() -> None:
    summary = rfm_summary(LOG, "2024-02-05", "week")
    assert list(summary.index) == ["a", "b"]
    a, b = summary.loc["a"], summary.loc["b"]
    assert a["frequency"] == 2  # three purchase days
    assert a["recency"] == pytest.approx(28 / 7)
    assert a["T"] == pytest.approx(35 / 7)
    assert a["monetary"] == pytest.approx((20 + 40) / 2)  # the first day is not a repeat
    assert (b["frequency"], b["recency"], b["T"], b["monetary"]) == (0, 0.0, 4.0, 0.0)


def test_day_and_month_units() -> None:
    days = rfm_summary(LOG, "2024-02-05", "day").loc["a"]
    months = rfm_summary(LOG, "2024-02-05", "month").loc["a"]
    assert (days["recency"], days["T"]) == (28.0, 35.0)
    assert months["T"] == pytest.approx(35 / (365.25 / 12))


def test_calibration_end_day_is_included() -> None:
    summary = rfm_summary(LOG, "2024-01-29", "day")
    assert summary.loc["a", "frequency"] == 2
    assert summary.loc["a", "T"] == 28.0


def test_holdout_counts_purchase_days_after_the_calibration_end() -> None:
    summary = rfm_summary(LOG, "2024-02-05", "week", observation_end="2024-03-04")
    assert summary.loc["a", "frequency_holdout"] == 1
    assert summary.loc["b", "frequency_holdout"] == 0
    assert summary["duration_holdout"].eq(4.0).all()


def test_custom_column_names_and_timezones() -> None:
    log = LOG.rename(columns={"customer": "account_id", "date": "at", "amount": "usd"})
    log["at"] = pd.to_datetime(log["at"], format="ISO8601").dt.tz_localize("UTC")
    summary = rfm_summary(log, "2024-02-05", customer="account_id", date="at", amount="usd")
    assert summary.loc["a", "frequency"] == 2


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"time_unit": "year"}, "time unit must be one of day, week, month"),
        ({"calibration_end": "not a date"}, "calibration_end is not a date"),
        ({"calibration_end": "2023-01-01"}, "no purchases on or before"),
        ({"observation_end": "2024-01-01"}, "observation_end must come after"),
    ],
)
def test_invalid_arguments_are_clear(kwargs: dict[str, str], message: str) -> None:
    arguments = {"calibration_end": "2024-02-05", **kwargs}
    with pytest.raises(ModelDataError, match=message):
        rfm_summary(LOG, **arguments)  # type: ignore[arg-type]


def test_missing_columns_and_values_are_clear() -> None:
    with pytest.raises(ModelDataError, match="lack the column"):
        rfm_summary(LOG.drop(columns="amount"), "2024-02-05")
    with pytest.raises(ModelDataError, match="missing dates"):
        rfm_summary(LOG.assign(date=LOG["date"].where(LOG.index > 0)), "2024-02-05")


def test_cdnow_sample_matches_the_published_data(cdnow_summary: pd.DataFrame) -> None:
    """2,357 customers, 946 repeat buyers, 2,457 repeat purchases in the 39-week calibration."""
    assert len(cdnow_summary) == 2357
    assert (cdnow_summary["frequency"] > 0).sum() == 946
    assert cdnow_summary["frequency"].sum() == 2457
    first = cdnow_summary.loc["00004"]  # bought 1997-01-01, 01-18 and 08-02
    assert first["frequency"] == 2
    assert first["recency"] == pytest.approx(213 / 7)  # 30.43 weeks
    assert first["T"] == pytest.approx(272 / 7)  # 38.86 weeks
    assert first["monetary"] == pytest.approx((29.73 + 14.96) / 2)
    assert cdnow_summary["T"].between(27, 39).all()  # first purchases in 1997 Q1
