"""How each catalogue entry is computed: a builder of contribution rows per metric key.

A builder returns rows with `period`, `account_id`, a `stock` flag and its measures
(linear contributions); `finish` maps summed measures to the output columns (linear, so it
also applies per account in `explain`), and `value` computes a non-linear value from them.
A `grouped` builder returns rows already per period and segment (costs, averages of
rates), which cannot be split by account. A builder without row dimensions whose rows
are `one_row_each` (one per period, account and stock flag by construction, such as a row
per customer at the period's end) spares the compiler a sum per account that would group
its rows into the same rows (1.6 M of them per metric on the benchmark's large company).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import ibis.expr.datatypes as dt
import ibis.expr.types as ir

from tenure.metrics.context import Context

Rows = Callable[[Context], ir.Table]
Finish = Callable[[ir.Table, Context], dict[str, ir.Value]]
ValueOf = Callable[[ir.Table, Context], ir.Value]


@dataclass(frozen=True)
class Builder:
    """How one metric is computed."""

    rows: Rows
    measures: Mapping[str, dt.DataType]
    finish: Finish | None = None
    value: ValueOf | None = None
    grouped: bool = False
    one_row_each: bool = False


BUILDERS: dict[str, Builder] = {}


def register(
    key: str,
    measures: Mapping[str, dt.DataType],
    finish: Finish | None = None,
    value: ValueOf | None = None,
    grouped: bool = False,
    one_row_each: bool = False,
) -> Callable[[Rows], Rows]:
    """Decorator: register the rows function of metric `key`."""

    def decorate(rows: Rows) -> Rows:
        if key in BUILDERS:
            raise ValueError(f"metric {key!r} registered twice")
        BUILDERS[key] = Builder(rows, dict(measures), finish, value, grouped, one_row_each)
        return rows

    return decorate
