"""Charts of the pack: Vega-Lite specs built with Altair, rendered offline to SVG.

No browser and no network: `vl-convert` runs Vega in-process. One style for every chart,
sized for an A4 page (full width, or half of it in a two-column grid).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
import pandas as pd
import vl_convert as vlc

from tenure.reports.model import Chart

PALETTE = ["#3346c9", "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#a6761d"]
FULL, HALF, HEIGHT = 640, 300, 170
FORMATS = {"currency": "$~s", "ratio": ".0%", "count": ",.0f", "multiple": ".1f", "number": ",.0f"}
FONT = "DejaVu Sans, Liberation Sans, sans-serif"

Rows = Sequence[dict[str, Any]]


def _style(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    styled: alt.TopLevelMixin = (
        chart.configure(font=FONT, background="white")
        .configure_view(stroke=None)
        .configure_axis(
            labelColor="#545d6e",
            titleColor="#545d6e",
            gridColor="#e6e9ef",
            domainColor="#c8cdd8",
            tickColor="#c8cdd8",
            labelFontSize=10,
            titleFontSize=10,
        )
        .configure_legend(orient="bottom", labelFontSize=10, title=None)
        .configure_range(category=PALETTE)
    )
    return styled


def svg(key: str, title: str, chart: alt.TopLevelMixin, description: str = "") -> Chart:
    """Render `chart` to SVG (offline) as a pack chart."""
    spec = _style(chart).to_json()
    return Chart(key, title, vlc.vegalite_to_svg(spec), description or title)


def _sized(chart: Any, width: int) -> alt.Chart:
    """A chart at `width` × the standard height."""
    sized: alt.Chart = chart.properties(width=width, height=HEIGHT)
    return sized


def _frame(rows: Rows) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows))
    if "period" in frame.columns:
        frame["period"] = pd.to_datetime(frame["period"])
    return frame


def _y(field: str, unit: str, zero: bool = True) -> alt.Y:
    axis = alt.Axis(format=FORMATS.get(unit, ",.1f"), title=None, tickCount=5)
    return alt.Y(f"{field}:Q", axis=axis, scale=alt.Scale(zero=zero))


def _x_month() -> alt.X:
    return alt.X("yearmonth(period):T", title=None, axis=alt.Axis(format="%b %y", labelAngle=0))


def _x_bar_month() -> alt.X:
    """Months as bands (one bar each), labelled by month name."""
    return alt.X("yearmonth(period):O", title=None, axis=alt.Axis(format="%b", labelAngle=0))


def line(
    rows: Rows, y: str, unit: str, series: str | None = None, width: int = HALF, zero: bool = True
) -> alt.Chart:
    """A monthly trend line (one per `series` value)."""
    base = alt.Chart(_frame(rows)).mark_line(point=True, strokeWidth=2.5)
    encoding: dict[str, Any] = {"x": _x_month(), "y": _y(y, unit, zero)}
    if series:
        encoding["color"] = alt.Color(f"{series}:N", title=None)
    else:
        base = alt.Chart(_frame(rows)).mark_line(point=True, strokeWidth=2.5, color=PALETTE[0])
    return _sized(base.encode(**encoding), width)


def bars(
    rows: Rows,
    y: str,
    unit: str,
    color: str | None = None,
    order: Sequence[str] = (),
    colors: Sequence[str] = (),
    width: int = HALF,
) -> alt.Chart:
    """Monthly bars, stacked by `color` when given (negative values stack below zero)."""
    frame = _frame(rows)
    encoding: dict[str, Any] = {"x": _x_bar_month(), "y": _y(y, unit)}
    if color:
        scale = alt.Scale(domain=list(order), range=list(colors)) if order else alt.Scale()
        encoding["color"] = alt.Color(f"{color}:N", title=None, scale=scale, sort=list(order))
        mark = alt.Chart(frame).mark_bar()
    else:
        mark = alt.Chart(frame).mark_bar(color=PALETTE[0])
    return _sized(mark.encode(**encoding), width)


def category_bars(
    rows: Rows, x: str, y: str, colors: dict[str, str], order: Sequence[str], width: int = HALF
) -> alt.Chart:
    """Bars per category (e.g. accounts per health tier) in a fixed order and colours."""
    scale = alt.Scale(domain=list(order), range=[colors.get(k, PALETTE[0]) for k in order])
    chart = (
        alt.Chart(pd.DataFrame(list(rows)))
        .mark_bar()
        .encode(
            x=alt.X(f"{x}:N", sort=list(order), title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y(f"{y}:Q", title=None, axis=alt.Axis(format=",.0f", tickCount=5)),
            color=alt.Color(f"{x}:N", scale=scale, legend=None),
        )
    )
    return _sized(chart, width)


def daily_line(rows: Rows, x: str, y: str, unit: str, width: int = HALF) -> alt.Chart:
    """A trend over days (snapshot history)."""
    frame = pd.DataFrame(list(rows))
    frame[x] = pd.to_datetime(frame[x])
    days = max(1, (frame[x].max() - frame[x].min()).days)
    step = {"interval": "day", "step": max(1, -(-days // 6))}
    axis = alt.Axis(format="%d %b", labelAngle=0, tickCount=step)
    chart = (
        alt.Chart(frame)
        .mark_line(point=True, strokeWidth=2.5, color=PALETTE[0])
        .encode(x=alt.X(f"{x}:T", title=None, axis=axis), y=_y(y, unit, zero=False))
    )
    return _sized(chart, width)


def horizontal_bars(rows: Rows, label: str, value: str, width: int = HALF) -> alt.Chart:
    """One bar per row, labels on the left (for long category names), 0–100 scale."""
    frame = pd.DataFrame(list(rows))
    chart = (
        alt.Chart(frame)
        .mark_bar(color=PALETTE[0])
        .encode(
            y=alt.Y(f"{label}:N", sort=None, title=None),
            x=alt.X(f"{value}:Q", title=None, scale=alt.Scale(domain=[0, 100])),
        )
    )
    return _sized(chart, width - 90)
