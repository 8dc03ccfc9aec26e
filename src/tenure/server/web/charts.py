"""Vega-Lite specs for the dashboard, built as plain dicts (rendered in the browser by vega-embed).

One spec style for every chart: the font, colours and axes of the stylesheet, a width
that follows the container, and a description for screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

Spec = dict[str, Any]

PALETTE = ["#3346c9", "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#a6761d"]
FORMATS = {
    "currency": "$,.0f",
    "ratio": ".1%",
    "count": ",.0f",
    "multiple": ".2f",
    "number": ",.1f",
    "hours": ",.1f",
}

CONFIG: Spec = {
    "font": "system-ui, -apple-system, Segoe UI, Roboto, DejaVu Sans, sans-serif",
    "view": {"stroke": None},
    "axis": {
        "labelColor": "#545d6e",
        "titleColor": "#545d6e",
        "gridColor": "#e6e9ef",
        "domainColor": "#c8cdd8",
        "tickColor": "#c8cdd8",
        "labelFontSize": 11,
        "titleFontSize": 11,
        "titleFontWeight": 600,
    },
    "legend": {"labelColor": "#1c2230", "titleColor": "#545d6e", "orient": "bottom"},
    "range": {"category": PALETTE},
}


def value_format(unit: str, currency: str = "USD") -> str:
    """The d3 format of a unit (currency amounts use `$` as a generic sign)."""
    return FORMATS.get(unit, ",.2f")


def _base(rows: Sequence[dict[str, Any]], description: str, height: int) -> Spec:
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": description,
        "data": {"values": list(rows)},
        "width": "container",
        "height": height,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "config": CONFIG,
    }


def _time_axis(field: str = "period", title: str | None = None) -> Spec:
    return {
        "field": field,
        "type": "temporal",
        "title": title,
        "axis": {"format": "%b %Y", "labelAngle": 0, "tickCount": 6},
    }


def line(
    rows: Sequence[dict[str, Any]],
    y: str,
    unit: str,
    description: str,
    series: str | None = None,
    height: int = 220,
    zero: bool = True,
) -> Spec:
    """A trend line over `period` (one line per `series` value; `zero`: y axis from 0)."""
    encoding: Spec = {
        "x": _time_axis(),
        "y": {
            "field": y,
            "type": "quantitative",
            "title": None,
            "axis": {"format": FORMATS.get(unit, ",.2f")},
            "scale": {"zero": zero},
        },
        "tooltip": [
            {"field": "period", "type": "temporal", "format": "%b %Y"},
            {"field": y, "type": "quantitative", "format": FORMATS.get(unit, ",.2f")},
        ],
    }
    if series:
        encoding["color"] = {"field": series, "type": "nominal", "title": None}
        encoding["tooltip"].insert(0, {"field": series, "type": "nominal"})
    mark = {
        "type": "line",
        "point": True,
        "strokeWidth": 2.5,
        "color": None if series else PALETTE[0],
    }
    spec = _base(rows, description, height)
    spec["mark"] = {k: v for k, v in mark.items() if v is not None}
    spec["encoding"] = encoding
    return spec


def bars(
    rows: Sequence[dict[str, Any]],
    y: str,
    unit: str,
    description: str,
    color: str | None = None,
    order: Sequence[str] = (),
    colors: Sequence[str] = (),
    height: int = 240,
) -> Spec:
    """Bars over `period`; stacked by `color` when given (negative values stack below 0)."""
    encoding: Spec = {
        "x": {
            "field": "period",
            "type": "ordinal",
            "timeUnit": "yearmonth",
            "title": None,
            "axis": {"format": "%b %y", "labelAngle": 0},
        },
        "y": {
            "field": y,
            "type": "quantitative",
            "title": None,
            "axis": {"format": FORMATS.get(unit, ",.2f")},
        },
        "tooltip": [
            {"field": "period", "type": "temporal", "format": "%b %Y"},
            {"field": y, "type": "quantitative", "format": FORMATS.get(unit, ",.2f")},
        ],
    }
    if color:
        scale: Spec = {}
        if order:
            scale["domain"] = list(order)
        if colors:
            scale["range"] = list(colors)
        encoding["color"] = {
            "field": color,
            "type": "nominal",
            "title": None,
            "scale": scale,
            "sort": list(order) or None,
        }
        encoding["tooltip"].insert(0, {"field": color, "type": "nominal"})
    spec = _base(rows, description, height)
    spec["mark"] = {"type": "bar", "color": None if color else PALETTE[0]}
    spec["mark"] = {k: v for k, v in spec["mark"].items() if v is not None}
    spec["encoding"] = encoding
    return spec


def sparkline(rows: Sequence[dict[str, Any]], y: str, description: str, color: str) -> Spec:
    """A tiny axis-less trend for a KPI panel."""
    spec = _base(rows, description, 40)
    spec["padding"] = 2
    spec["mark"] = {
        "type": "area",
        "line": {"color": color, "strokeWidth": 2},
        "color": color,
        "opacity": 0.15,
    }
    spec["encoding"] = {
        "x": {"field": "period", "type": "temporal", "axis": None},
        "y": {"field": y, "type": "quantitative", "axis": None, "scale": {"zero": False}},
    }
    return spec


def heatmap(rows: Sequence[dict[str, Any]], x: str, y: str, value: str, description: str) -> Spec:
    """A cohort heatmap: `y` cohorts × `x` ages, coloured by the `value` fraction."""
    spec = _base(rows, description, max(120, 22 * len({row[y] for row in rows})))
    spec["mark"] = {"type": "rect"}
    spec["encoding"] = {
        "x": {
            "field": x,
            "type": "ordinal",
            "title": "Months since start",
            "axis": {"labelAngle": 0},
        },
        "y": {"field": y, "type": "ordinal", "title": None},
        "color": {
            "field": value,
            "type": "quantitative",
            "title": None,
            "scale": {"scheme": "blues", "domain": [0, 1]},
            "legend": {"format": ".0%"},
        },
        "tooltip": [
            {"field": y, "type": "ordinal", "title": "cohort"},
            {"field": x, "type": "ordinal", "title": "month"},
            {"field": value, "type": "quantitative", "format": ".1%"},
        ],
    }
    return spec


def ranking(rows: Sequence[dict[str, Any]], x: str, y: str, unit: str, description: str) -> Spec:
    """Horizontal bars, one per `y` label, longest first (a ranking such as features)."""
    spec = _base(rows, description, max(120, 24 * len(rows)))
    spec["mark"] = {"type": "bar", "color": PALETTE[0]}
    spec["encoding"] = {
        "y": {"field": y, "type": "nominal", "title": None, "sort": "-x"},
        "x": {
            "field": x,
            "type": "quantitative",
            "title": None,
            "axis": {"format": FORMATS.get(unit, ",.2f")},
        },
        "tooltip": [
            {"field": y, "type": "nominal"},
            {"field": x, "type": "quantitative", "format": FORMATS.get(unit, ",.2f")},
        ],
    }
    return spec
