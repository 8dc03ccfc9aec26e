"""Numbers for people in a printed pack: money with its currency, rates as percentages.

Values stay exact until here; rounding happens only for display.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

UNIT_SUFFIXES = {"hours": "h", "days": "days", "months": "months"}
SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}


def missing(value: Any) -> bool:
    """None, NaN or not a number at all."""
    if value is None:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return True


def money(value: Any, currency: str, digits: int = 0) -> str:
    if missing(value):
        return "—"
    text = f"{abs(float(value)):,.{digits}f}"
    sign = "−" if float(value) < 0 else ""
    symbol = SYMBOLS.get(currency)
    return f"{sign}{symbol}{text}" if symbol else f"{sign}{text} {currency}"


def show(value: Any, unit: str, currency: str = "USD") -> str:
    """One value in its unit (`currency`, `ratio`, `count`, `multiple`, `hours`, `days`…)."""
    if missing(value):
        return "—"
    number = float(value)
    if unit == "currency":
        return money(number, currency)
    if unit == "ratio":
        return f"{number * 100:.1f} %"
    if unit == "count":
        return f"{round(number):,}"
    if unit == "multiple":
        return f"{number:.2f}×"
    if unit in UNIT_SUFFIXES:
        return f"{number:,.1f} {UNIT_SUFFIXES[unit]}"
    return f"{number:,.1f}"


def change(now: Any, before: Any, unit: str, currency: str = "USD") -> str:
    """The change from `before` to `now` (rates in points), or "" when either is missing."""
    if missing(now) or missing(before):
        return ""
    delta = float(now) - float(before)
    arrow = "▲" if delta > 0 else ("▼" if delta < 0 else "■")
    if unit == "ratio":
        return f"{arrow} {abs(delta) * 100:.1f} pts"
    return f"{arrow} {show(abs(delta), unit, currency)}"


def day(value: Any) -> str:
    """A date or timestamp as `2026-03-14` (empty when missing)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    text = str(value)
    return "" if text in ("NaT", "nan", "None") else text[:10]
