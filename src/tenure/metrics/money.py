"""Exact money arithmetic in Ibis: every engine divides decimals through binary floats, so
monthly normalisation is done as integer long division instead.

MRR is stored as decimal(18, 6): a subscription's MRR is exact to 6 decimal places
(truncated there); every later step only adds and subtracts, so sums and the movement
identity stay exact. 18 digits (stored as 64-bit integers by DuckDB, hence fast) hold
totals below 10^12 per period.
"""

from __future__ import annotations

from decimal import Decimal

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir

MONEY = dt.Decimal(18, 6)
COUNT = dt.int64
RATE = dt.float64

_MINOR = 10_000  # amounts are decimal(18, 4): this many minor units per unit
_FRACTION_DIGITS = 2  # further digits kept below the minor unit


def money(value: ir.NumericValue | int | Decimal) -> ir.DecimalValue:
    """A value as MONEY (exact)."""
    if isinstance(value, int | Decimal):
        return ibis.literal(Decimal(value), MONEY)
    return value.cast(MONEY)


ZERO = ibis.literal(Decimal(0), MONEY)


def _exact_quotient(dividend: ir.IntegerValue, divisor: ir.IntegerValue) -> ir.IntegerValue:
    """Floor of dividend ÷ divisor for non-negative integers below 2**53, without rounding."""
    remainder = dividend % divisor
    return ((dividend - remainder) / divisor).cast(dt.int64)


def scale(
    amount: ir.DecimalValue, numerator: ir.IntegerValue, denominator: ir.IntegerValue
) -> ir.DecimalValue:
    """amount × numerator ÷ denominator, exact to 6 decimals (truncated), for amount ≥ 0."""
    minor = (amount * _MINOR).cast(dt.int64) * numerator
    whole = _exact_quotient(minor, denominator)
    remainder = minor - whole * denominator
    fraction = _exact_quotient(remainder * 10**_FRACTION_DIGITS, denominator)
    unit = ibis.literal(Decimal(1) / _MINOR, MONEY)
    tiny = ibis.literal(Decimal(1).scaleb(-(len(str(_MINOR)) - 1 + _FRACTION_DIGITS)), MONEY)
    return whole.cast(MONEY) * unit + fraction.cast(MONEY) * tiny
