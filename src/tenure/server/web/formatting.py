"""Display formatting for the dashboard: money, percentages, counts, dates.

Rounding happens only here, for display; the JSON twins carry the exact values.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}


def money(value: Any, currency: str = "USD", decimals: int = 0) -> str:
    """`$12,345` (a dash for missing values)."""
    number = _number(value)
    if number is None:
        return "—"
    sign = "-" if number < 0 else ""
    symbol = CURRENCY_SIGNS.get(currency, f"{currency} ")
    return f"{sign}{symbol}{abs(number):,.{decimals}f}"


def compact_money(value: Any, currency: str = "USD") -> str:
    """`$1.2M`, `$345k`, `$980` — for KPI panels."""
    number = _number(value)
    if number is None:
        return "—"
    symbol = CURRENCY_SIGNS.get(currency, f"{currency} ")
    sign = "-" if number < 0 else ""
    size = abs(number)
    for limit, suffix in ((1e9, "B"), (1e6, "M"), (1e4, "k")):
        if size >= limit:
            return f"{sign}{symbol}{size / limit:,.1f}{suffix}"
    return f"{sign}{symbol}{size:,.0f}"


def percent(value: Any, decimals: int = 1) -> str:
    """A fraction as a percentage: 0.0412 → `4.1%`."""
    number = _number(value)
    return "—" if number is None else f"{number * 100:,.{decimals}f}%"


def count(value: Any, decimals: int = 0) -> str:
    """`1,234`."""
    number = _number(value)
    return "—" if number is None else f"{number:,.{decimals}f}"


def day(value: Any) -> str:
    """An ISO date (YYYY-MM-DD) from a date, datetime or ISO text."""
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return str(value)[:10]


def _number(value: Any) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) or math.isinf(number) else number


FILTERS = {
    "money": money,
    "compact_money": compact_money,
    "percent": percent,
    "count": count,
    "day": day,
}
