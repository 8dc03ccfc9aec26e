"""Reading the figures a KPI page shows: its table cells, keyed as its JSON twin is."""

from __future__ import annotations

import re

#: The window the page tests ask for (the demo's data ends on 2026-10-31).
RANGE = "?start=2026-05-01&end=2026-10-31"
MONTH = "2026-10-01"

_ROW = re.compile(r'<tr data-period="([^"]+)">(.*?)</tr>', re.S)
_CELL = re.compile(r'data-metric="([^"]+)" data-part="(\w+)" data-value="([^"]*)"')


def number(text: str) -> float | None:
    return float(text) if text not in ("", "None") else None


def cells(html: str, table: str) -> dict[tuple[str, str, str], float | None]:
    """(period, metric, part) → value of every figure in the table with id `table`."""
    body = html.split(f'id="{table}"', 1)[1].split("</table>", 1)[0]
    found: dict[tuple[str, str, str], float | None] = {}
    for period, row in _ROW.findall(body):
        for metric, part, value in _CELL.findall(row):
            found[(period, metric, part)] = number(value)
    return found


def twin_cells(
    trend: dict[str, object], column: str | None = None, parts: tuple[str, ...] = ("value",)
) -> dict[tuple[str, str, str], float | None]:
    """The same keys from one twin trend (`column`: the table's name for it)."""
    rows = trend["rows"]
    assert isinstance(rows, list)
    name = column or str(trend["key"])
    return {(row["period"], name, part): row.get(part) for row in rows for part in parts}


def close(a: float | None, b: float | None) -> bool:
    """Equal, allowing the float noise of two computations."""
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def feature_cells(html: str) -> dict[str, float | None]:
    """Feature → adoption shown in the feature table of the adoption page."""
    pattern = r'data-metric="feature_adoption:([^"]+)" data-part="value" data-value="([^"]*)"'
    return {feature: number(value) for feature, value in re.findall(pattern, html)}
