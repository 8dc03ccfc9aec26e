"""RFM summary of a transaction log: the per-customer input of BG/NBD and Gamma-Gamma.

As in the published CDNOW analysis (Fader, Hardie & Lee 2005), purchases are counted in
purchase *days*: several purchases on one day are one transaction whose value is their sum,
and time is measured from each customer's first purchase.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

import pandas as pd

from tenure.models.clv.errors import ModelDataError

TimeUnit = Literal["day", "week", "month"]
#: Length of a time unit in days; a month is an average Gregorian month (365.25 / 12 days).
UNIT_DAYS: dict[str, float] = {"day": 1.0, "week": 7.0, "month": 365.25 / 12}
DateLike = date | datetime | str | pd.Timestamp


def rfm_summary(
    transactions: pd.DataFrame,
    calibration_end: DateLike,
    time_unit: TimeUnit = "week",
    observation_end: DateLike | None = None,
    *,
    customer: str = "customer",
    date: str = "date",
    amount: str = "amount",
) -> pd.DataFrame:
    """Per customer (index): frequency, recency, T, monetary; with `observation_end`, also
    frequency_holdout and duration_holdout for the period after the calibration end.

    frequency: repeat purchase days up to `calibration_end` (inclusive); recency: time from
    the first to the last purchase day; T: time from the first purchase day to
    `calibration_end`; monetary: mean value of the repeat purchase days (0 without repeats).
    Customers whose first purchase falls after `calibration_end` are left out.
    """
    unit = _unit_days(time_unit)
    end = as_day("calibration_end", calibration_end)
    days = purchase_days(transactions, customer, date, amount)
    calibration = days[days["day"] <= end]
    if calibration.empty:
        raise ModelDataError(f"no purchases on or before the calibration end {end.date()}")
    summary = _calibration_summary(calibration, end, unit)
    if observation_end is not None:
        summary = _add_holdout(summary, days, end, as_day("observation_end", observation_end), unit)
    return summary


def purchase_days(
    transactions: pd.DataFrame, customer: str, date: str, amount: str
) -> pd.DataFrame:
    """One row per customer and purchase day (columns customer, day, amount), amounts summed."""
    missing = [c for c in (customer, date, amount) if c not in transactions.columns]
    if missing:
        raise ModelDataError(f"transactions lack the column(s) {', '.join(missing)}")
    frame = pd.DataFrame(
        {
            "customer": transactions[customer].to_numpy(),
            "day": as_days(transactions[date]),
            "amount": pd.to_numeric(transactions[amount], errors="coerce").astype("float64"),
        }
    )
    if frame["customer"].isna().any() or frame["amount"].isna().any():
        raise ModelDataError("transactions have missing customers or amounts")
    return frame.groupby(["customer", "day"], sort=True)["amount"].sum().reset_index()


def _calibration_summary(days: pd.DataFrame, end: pd.Timestamp, unit: float) -> pd.DataFrame:
    groups = days.groupby("customer", sort=True)
    first, last = groups["day"].min(), groups["day"].max()
    frequency = groups.size() - 1
    first_amount = groups["amount"].first()  # days are sorted, so this is the first day's
    repeat_value = groups["amount"].sum() - first_amount
    monetary = (repeat_value / frequency.where(frequency > 0)).fillna(0.0)
    summary = pd.DataFrame(
        {
            "frequency": frequency.astype("int64"),
            "recency": (last - first).dt.days / unit,
            "T": (end - first).dt.days / unit,
            "monetary": monetary.astype("float64"),
        }
    )
    summary.index.name = "customer"
    return summary


def _add_holdout(
    summary: pd.DataFrame,
    days: pd.DataFrame,
    end: pd.Timestamp,
    observation_end: pd.Timestamp,
    unit: float,
) -> pd.DataFrame:
    if observation_end <= end:
        raise ModelDataError("observation_end must come after calibration_end")
    holdout = days[(days["day"] > end) & (days["day"] <= observation_end)]
    counts = holdout.groupby("customer").size().reindex(summary.index, fill_value=0)
    return summary.assign(
        frequency_holdout=counts.astype("int64"),
        duration_holdout=(observation_end - end).days / unit,
    )


def _unit_days(time_unit: str) -> float:
    if time_unit not in UNIT_DAYS:
        raise ModelDataError(f"time unit must be one of {', '.join(UNIT_DAYS)}, not {time_unit!r}")
    return UNIT_DAYS[time_unit]


def as_day(name: str, value: DateLike) -> pd.Timestamp:
    """`value` as a day (midnight, naive UTC); a clear error when it is not a date."""
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        raise ModelDataError(f"{name} is not a date: {value!r}") from None
    if pd.isna(stamp):
        raise ModelDataError(f"{name} is not a date: {value!r}")
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    return stamp.normalize()


def as_days(values: pd.Series) -> pd.Series:
    """Dates or timestamps (ISO 8601 text, naive or zoned) as naive UTC days."""
    try:
        stamps = pd.to_datetime(values, format="ISO8601")
    except (TypeError, ValueError) as error:
        raise ModelDataError(f"transaction dates cannot be read as dates ({error})") from None
    if stamps.isna().any():
        raise ModelDataError("transactions have missing dates")
    if stamps.dt.tz is not None:
        stamps = stamps.dt.tz_convert("UTC").dt.tz_localize(None)
    return stamps.dt.normalize().astype("datetime64[ns]")
