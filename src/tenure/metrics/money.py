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


def scaled(table: ir.Table, **products: tuple[str, str, str]) -> ir.Table:
    """`table` with each output column = amount × numerator ÷ denominator (names of int
    columns), exact to 6 decimals (truncated), for amounts ≥ 0.

    Engines divide through binary floats, so this is integer long division, done in
    stages (one projection each) so that no engine re-evaluates a repeated subexpression.
    """
    staged = table.mutate(
        **{
            f"_x_{out}": (table[amount] * _MINOR).cast(dt.int64) * table[top]
            for out, (amount, top, _) in products.items()
        }
    )
    staged = staged.mutate(
        **{
            f"_r_{out}": staged[f"_x_{out}"] % staged[bottom]
            for out, (_, _, bottom) in products.items()
        }
    )
    wide = dt.Decimal(38, MONEY.scale)
    millionth = ibis.literal(Decimal(1).scaleb(-MONEY.scale), wide)
    columns = {}
    for out, (_, _, bottom) in products.items():
        x, r, d = staged[f"_x_{out}"], staged[f"_r_{out}"], staged[bottom]
        whole = ((x - r) / d).cast(dt.int64)
        digits = r * 10**_FRACTION_DIGITS
        fraction = ((digits - digits % d) / d).cast(dt.int64)
        units = whole * 10**_FRACTION_DIGITS + fraction  # in millionths
        columns[out] = (units.cast(wide) * millionth).cast(MONEY)
    temporary = [f"_{k}_{out}" for out in products for k in ("x", "r")]
    return staged.mutate(**columns).drop(*temporary)
