"""Exact decimal values for the snapshot tables (metric results mix floats and decimals)."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

#: Ten decimal places: exact for money, far below any displayed precision for rates.
QUANTUM = Decimal("1e-10")


def exact(value: object) -> Decimal | None:
    """`value` as a decimal with ten places, or None when it is missing or not a number."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(repr(_python(value)))
        if not number.is_finite():
            return None
        return number.quantize(QUANTUM, rounding=ROUND_HALF_EVEN)
    except (InvalidOperation, TypeError, ValueError):
        return None


def _python(value: object) -> object:
    """A numpy scalar as the Python number it holds."""
    item = getattr(value, "item", None)
    return item() if callable(item) else value


def number(value: object) -> float | None:
    """A stored decimal as a float for display and JSON (None stays None)."""
    if value is None:
        return None
    result = float(value)  # type: ignore[arg-type]
    return None if math.isnan(result) else result
