"""Value conversions used by source mappings, each with the sentence that documents it.

A conversion takes the trimmed, non-empty text of one vendor cell and returns tenure's
text form of it. A value it cannot understand is passed on unchanged, so the validator
refuses the row with its reason and the vendor's own value instead of a silent blank.
Amounts stay exact: they are parsed with `Decimal`, never with binary floats.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

#: Epoch values above this are taken as milliseconds (10^11 s lies in the year 5138).
MILLISECONDS_ABOVE = 10**11


@dataclass(frozen=True)
class Convert:
    """A value conversion and its description for the docs (empty: copied as is).

    `kind` is the type of what it returns (text, decimal, integer, boolean, timestamp):
    attribute columns it fills get that type (money as decimals, never binary floats).
    """

    apply: Callable[[str], str | None]
    describe: str
    kind: str = "text"

    def __call__(self, raw: str) -> str | None:
        try:
            return self.apply(raw)
        except (ValueError, ArithmeticError, OverflowError):
            return raw


def _same(raw: str) -> str:
    return raw


def iso_utc(moment: datetime) -> str:
    """`moment` as ISO 8601 text in UTC with a `Z`; a moment without offset is UTC already."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat() + "Z"


def parse_time(raw: str) -> datetime:
    """An ISO 8601 date or time (with or without offset); ValueError otherwise."""
    return datetime.fromisoformat(raw)


def _timestamp(raw: str) -> str:
    return iso_utc(parse_time(raw))


def _epoch(raw: str) -> str:
    seconds = Decimal(raw)
    if abs(seconds) > MILLISECONDS_ABOVE:
        seconds /= 1000
    microseconds = int((seconds * 1_000_000).to_integral_value())
    return iso_utc(datetime(1970, 1, 1) + timedelta(microseconds=microseconds))


def decimal_text(value: Decimal) -> str:
    """Plain decimal text without exponent or needless trailing zeros (`12.50` → `12.5`)."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _decimal(raw: str) -> str:
    value = Decimal(raw.replace(",", ""))
    if not value.is_finite():
        raise ValueError(raw)
    return decimal_text(value)


def _cents(raw: str) -> str:
    return decimal_text(Decimal(_integer(raw)) / 100)


def _integer(raw: str) -> str:
    value = Decimal(raw)
    if value != value.to_integral_value():
        raise ValueError(raw)
    return str(int(value))


_TRUE = frozenset({"true", "t", "yes", "y", "1"})
_FALSE = frozenset({"false", "f", "no", "n", "0"})


def _boolean(raw: str) -> str:
    word = raw.lower()
    if word in _TRUE:
        return "true"
    if word in _FALSE:
        return "false"
    raise ValueError(raw)


def _positive(raw: str) -> str:
    return "true" if Decimal(raw) > 0 else "false"


def _names(raw: str) -> str | None:
    items = json.loads(raw)
    if not isinstance(items, list):
        raise ValueError(raw)
    names = [str(item.get("name", "")) if isinstance(item, dict) else str(item) for item in items]
    return "|".join(name for name in names if name) or None


TEXT = Convert(_same, "")
TIMESTAMP = Convert(_timestamp, "ISO 8601 time → UTC (no offset = UTC)", "timestamp")
EPOCH = Convert(_epoch, "Unix epoch seconds (milliseconds above 10¹¹) → UTC", "timestamp")
DECIMAL = Convert(_decimal, "exact decimal (currency units)", "decimal")
CENTS = Convert(_cents, "integer minor units (cents) ÷ 100 → exact decimal", "decimal")
INTEGER = Convert(_integer, "whole number", "integer")
BOOLEAN = Convert(_boolean, "true/false", "boolean")
POSITIVE = Convert(_positive, "true when above 0", "boolean")
UPPER = Convert(str.upper, "upper case")
CURRENCY = Convert(str.upper, "upper case (ISO 4217 code: `usd` → `USD`)")
LOWER = Convert(str.lower, "lower case")
NAMES = Convert(_names, "list → names joined by `|`")


def choice(mapping: Mapping[str, str | None], describe: str = "") -> Convert:
    """Map vendor values (compared in lower case) to tenure's; others pass on in lower case.

    A value mapped to None becomes empty (e.g. "survey offered, no answer yet").
    """
    table = {key.lower(): value for key, value in mapping.items()}

    def apply(raw: str) -> str | None:
        word = " ".join(raw.lower().replace("_", " ").replace("-", " ").split())
        for candidate in (raw.lower(), word, word.replace(" ", "_")):
            if candidate in table:
                return table[candidate]
        return raw.lower()

    pairs = ", ".join(f"`{key}` → {_shown(value)}" for key, value in mapping.items())
    return Convert(apply, describe or pairs)


def _shown(value: str | None) -> str:
    return "empty" if value is None else f"`{value}`"


INTERVAL = choice(
    {
        "day": "day",
        "daily": "day",
        "week": "week",
        "weekly": "week",
        "month": "month",
        "monthly": "month",
        "quarter": "quarter",
        "quarterly": "quarter",
        "year": "year",
        "yearly": "year",
        "annual": "year",
        "annually": "year",
    },
    "interval name → `day`/`week`/`month`/`quarter`/`year` (`monthly` → `month`, …)",
)

_BANDS = ((10, "1-10"), (50, "11-50"), (200, "51-200"), (500, "201-500"), (1000, "501-1000"))
_BANDS_ABOVE = ((5000, "1001-5000"), (10000, "5001-10000"))


def _size_band(raw: str) -> str:
    employees = int(_integer(raw))
    if employees < 1:
        raise ValueError(raw)
    for upper, band in _BANDS + _BANDS_ABOVE:
        if employees <= upper:
            return band
    return "10001+"


SIZE_BAND = Convert(
    _size_band, "employees → band 1-10, 11-50, 51-200, 201-500, 501-1000, 1001-5000, …"
)
