"""Display and export of metric results: percentages for rates, rounding only here.

Results keep exact decimals and fractions; fronts call these helpers to show them.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from tenure.metrics.spec import Metric

FORMATS = ("table", "csv", "json", "parquet")


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def show(value: Any, unit: str) -> str:
    """One value for people: rates as percentages, money with 2 decimals."""
    if _missing(value):
        return "—"
    if unit == "count":
        return f"{int(value):,}"
    if unit == "text":
        return str(value)
    number = float(value)
    if unit == "ratio":
        return f"{number * 100:,.2f} %"
    if unit == "multiple":
        return f"{number:,.2f}×"
    return f"{number:,.2f}"


def column_unit(metric: Metric, column: str, sample: Any) -> str:
    """The unit in which a result column is shown."""
    if column == "value" or column in metric.columns:
        return metric.unit
    for part in metric.parts:
        if part.name == column:
            return part.unit
    if isinstance(sample, Decimal):
        return "currency"
    if isinstance(sample, int) or "int" in type(sample).__name__:
        return "count"
    return "number"


def plain(value: Any) -> Any:
    """A value for files: exact decimals as plain text digits, empty for missing."""
    if _missing(value):
        return None
    if isinstance(value, Decimal):
        return format(value, "f")
    if hasattr(value, "item"):
        return value.item()
    return value


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts (decimals as numbers)."""
    rows: list[dict[str, Any]] = []
    for row in frame.to_dict("records"):
        rows.append(
            {str(k): (float(v) if isinstance(v, Decimal) else plain(v)) for k, v in row.items()}
        )
    return rows


def write(frame: pd.DataFrame, format: str, output: Path | None) -> str | None:
    """Write `frame` as csv, json or parquet to `output` (or return the text)."""
    if format == "parquet":
        if output is None:
            raise ValueError("--format parquet needs --output FILE")
        frame.map(plain).to_parquet(output, index=False)
        return None
    if format == "csv":
        text = frame.map(plain).to_csv(index=False)
    else:
        text = json.dumps(records(frame), indent=2, default=str) + "\n"
    if output is None:
        return text
    output.write_text(text, encoding="utf-8")
    return None
