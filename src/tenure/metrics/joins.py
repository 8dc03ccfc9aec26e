"""Keyed joins of per-period tables: one table's columns beside another's, matched on
shared key columns, without the key columns twice."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import ibis.expr.types as ir


def matched(
    base: ir.Table,
    other: ir.Table,
    keys: Sequence[str],
    how: Literal["inner", "left"] = "inner",
) -> ir.Table:
    """`base` with `other`'s columns, on equal `keys` (`left`: every row of `base`)."""
    renamed = other.rename({f"o_{k}": k for k in keys})
    on = [base[k] == renamed[f"o_{k}"] for k in keys]
    joined = base.join(renamed, on, how=how)
    return joined.drop(*[f"o_{k}" for k in keys])
