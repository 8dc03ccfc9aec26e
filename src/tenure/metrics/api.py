"""The metric engine's entry points, called by `Workspace.metric` and `Workspace.explain`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import ibis.expr.types as ir
import pandas as pd

from tenure.metrics import builders as _builders
from tenure.metrics.catalogue import get_metric
from tenure.metrics.compiler import aggregate
from tenure.metrics.context import Context
from tenure.metrics.errors import MetricError
from tenure.metrics.floor import history_floor
from tenure.metrics.periods import check_grain, parse_day, period_start, periods_between
from tenure.metrics.presets import resolve
from tenure.metrics.range import default_range
from tenure.metrics.spec import Metric, grain_rank

if TYPE_CHECKING:
    from tenure.workspace import Workspace

_ = _builders


@dataclass(frozen=True)
class Request:
    """A metric request, as the fronts pass it."""

    key: str
    grain: str = "month"
    start: str | date | None = None
    end: str | date | None = None
    by: Sequence[str] = ()
    where: Mapping[str, Any] | None = None
    preset: str | None = None
    conventions: Mapping[str, Any] = field(default_factory=dict)
    as_of: date | None = None


def _check_segments(metric: Metric, by: tuple[str, ...], where: Mapping[str, Any]) -> None:
    if metric.segments == "accounts":
        return
    allowed = {"team"} if metric.segments == "team" else set()
    extra = sorted((set(by) | set(where)) - allowed)
    if extra:
        only = "only by team" if allowed else "not at all"
        raise MetricError(
            f"{metric.key} can be segmented or filtered {only} (got {', '.join(extra)})"
        )


def context(ws: Workspace, request: Request) -> Context:
    """Validate a request and build its context (periods, conventions, segments)."""
    try:
        metric = get_metric(request.key)
        grain = check_grain(request.grain)
        conventions = resolve(ws.settings.metrics, request.preset, dict(request.conventions))
        first, last = parse_day(request.start), parse_day(request.end)
    except (KeyError, ValueError) as error:
        raise MetricError(str(error).strip("'\"")) from None
    if grain_rank(grain) < grain_rank(metric.min_grain):
        raise MetricError(f"{metric.key} needs a grain of {metric.min_grain} or coarser")
    by, where = tuple(request.by), dict(request.where or {})
    _check_segments(metric, by, where)
    as_of = request.as_of or date.today()
    if first is None or last is None:
        found_first, found_last = default_range(ws, metric, as_of)
        first, last = first or found_first, last or found_last
    periods = periods_between(grain, first, last)
    floor = history_floor(ws, metric, grain, periods, conventions, as_of)
    return Context(ws, metric, grain, periods, conventions, by, where, as_of, floor=floor)


def expression(ws: Workspace, request: Request) -> ir.Table:
    """The one Ibis expression answering `request`."""
    return aggregate(context(ws, request))


def execute(ws: Workspace, expr: ir.Table) -> pd.DataFrame:
    """Run an expression on the workspace backend; dates become ISO strings."""
    frame: pd.DataFrame = ws.store.con.to_pyarrow(expr).to_pandas()
    for column in frame.columns:
        if frame[column].map(lambda v: isinstance(v, date)).any():
            frame[column] = frame[column].map(lambda v: v.isoformat() if isinstance(v, date) else v)
    return frame


def metric(ws: Workspace, request: Request) -> pd.DataFrame:
    """A tidy result: period (ISO date of its start), segments, value, numerator/denominator."""
    return execute(ws, expression(ws, request))


def single_period(ws: Workspace, request: Request, period: str | date) -> Context:
    """The context of `request` restricted to the one period containing `period`."""
    day = parse_day(period)
    if day is None:
        raise MetricError("explain needs a period")
    grain = check_grain(request.grain)
    start = period_start(day, grain)
    ctx = context(ws, Request(**{**request.__dict__, "start": start, "end": start}))
    ctx.periods = periods_between(grain, start, start)
    ctx.materialise = False  # explanations show the whole computation in their SQL
    return ctx
