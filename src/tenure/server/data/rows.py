"""Turning Ibis results into JSON-ready rows: Decimal → float, timestamps → ISO text."""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import ibis.expr.types as ir

Row = dict[str, Any]


def plain(value: Any) -> Any:
    """A JSON-ready version of one value."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def records(expr: ir.Table) -> list[Row]:
    """Every row of `expr` as a JSON-ready dict."""
    rows = expr.to_pyarrow().to_pylist()
    return [{key: plain(value) for key, value in row.items()} for row in rows]
