"""Verbatims: the comments behind NPS, CSAT, CES and polls, by score group, segment and
period, with their recurring themes.

Score groups: NPS promoters 9–10, passives 7–8, detractors 0–6. CSAT and CES answers at or
above `csat_threshold` / `ces_agree_threshold` are promoters, answers below the middle of
the survey's scale (`[surveys]`) detractors, the rest passives. Polls have no group.
Segments and filters are the metric engine's (any account column, plan, team, cohort).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from tenure.metrics.api import Request, context, execute
from tenure.metrics.context import Context
from tenure.metrics.errors import MetricError
from tenure.metrics.segments import segments
from tenure.metrics.themes import themes

if TYPE_CHECKING:
    from tenure.workspace import Workspace

GROUPS = ("promoters", "passives", "detractors")
SURVEYS = ("nps", "csat", "ces", "poll")
COLUMNS = ("responded_at", "account_id", "survey", "score", "group", "comment")


@dataclass(frozen=True)
class FeedbackRequest:
    """Which comments to read."""

    survey: str | None = None
    group: str | None = None
    start: str | date | None = None
    end: str | date | None = None
    by: Sequence[str] = ()
    where: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class Feedback:
    """Comments (newest first) and the recurring themes of each score group (and segment)."""

    comments: pd.DataFrame
    themes: pd.DataFrame


def _check(request: FeedbackRequest) -> None:
    if request.survey is not None and request.survey not in SURVEYS:
        raise MetricError(f"unknown survey {request.survey!r}; use one of {', '.join(SURVEYS)}")
    if request.group is not None and request.group not in GROUPS:
        raise MetricError(f"unknown group {request.group!r}; use one of {', '.join(GROUPS)}")


def group_of(
    ws: Workspace, ctx: Context, survey: ir.StringValue, score: ir.IntegerValue
) -> ir.Value:
    """The score group of an answer (empty for polls)."""
    c, scales = ctx.conventions, ws.settings.surveys
    cases = [(survey == "nps", _band(score, 9, 6))]
    for kind, top in (("csat", c.csat_threshold), ("ces", c.ces_agree_threshold)):
        scale = scales.scale(kind)
        bottom = (scale.low + scale.high) / 2
        cases.append((survey == kind, _band(score, top, bottom, strict=True)))
    return ibis.cases(*cases, else_=ibis.null("string"))


def _band(score: ir.IntegerValue, top: float, bottom: float, strict: bool = False) -> ir.Value:
    low = score < bottom if strict else score <= bottom
    return ibis.cases((score >= top, "promoters"), (low, "detractors"), else_="passives")


def comments(ws: Workspace, request: FeedbackRequest) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """The comments asked for, newest first, and the segment columns they carry."""
    _check(request)
    where = dict(request.where or {})
    query = Request("survey_responses", "day", request.start, request.end, request.by, where)
    ctx = context(ws, query)
    first, last = ctx.periods[0].first, ctx.periods[-1].last
    rows = ws.table("surveys")
    day = rows.responded_at.date()
    rows = rows.filter(rows.comment.notnull() & (rows.comment.strip() != ""))
    rows = rows.filter((day >= first) & (day <= last))
    if request.survey is not None:
        rows = rows.filter(rows.survey == request.survey)
    for column, value in where.items():
        if column == "survey":
            values = list(value) if isinstance(value, list | tuple) else [value]
            rows = rows.filter(rows.survey.isin(values))
    rows = rows.join(segments(ctx), "account_id")
    rows = rows.mutate(group=group_of(ws, ctx, rows.survey, rows.score), responded_at=day)
    if request.group is not None:
        rows = rows.filter(rows.group == request.group)
    extra = [c for c in ctx.by if c != "survey"]
    rows = rows.select(*COLUMNS, *extra).order_by([ibis.desc("responded_at"), "account_id"])
    return execute(ws, rows), tuple(ctx.by)


def theme_table(frame: pd.DataFrame, keys: Sequence[str], top: int = 10) -> pd.DataFrame:
    """Recurring themes of the comments in `frame`, per combination of `keys`."""
    rows: list[dict[str, Any]] = []
    if len(frame):
        for values, group in frame.groupby(list(keys), dropna=False, sort=True):
            named = dict(zip(keys, values, strict=True))
            for theme in themes(group["comment"].tolist(), top=top):
                rows.append({**named, "comments": len(group), **theme.__dict__})
    columns = [*keys, "comments", "theme", "words", "mentions", "share", "examples"]
    return pd.DataFrame(rows, columns=columns)


def feedback(ws: Workspace, request: FeedbackRequest, top: int = 10) -> Feedback:
    """Comments and their themes per score group (and segment)."""
    frame, by = comments(ws, request)
    keyed = frame.assign(group=frame["group"].fillna("other"))
    return Feedback(frame, theme_table(keyed, ["group", *by], top))
