"""Several splits of one metric request (company-wide, by plan, by CSM, …) from one query.

A dashboard page or a refresh asks for the same metric split several ways. Computed one
by one, each split compiles and runs its own query over the same contributions; what
differs is only the segment table they are joined to. Here the segment tables of all the
splits are stacked (`segments.SPLIT` numbers the split, `segments.SEGMENT` holds the
account's value as text), the contributions are read once, summed per period, split and
segment, and the result is cut back into one table per split — the same tables, row for
row, as the requests one by one (a test compares every catalogue metric).

Splits by one account column of text or dates, or company-wide, are stacked; a request
with a split of another kind (two columns, a number column, a row dimension such as a
ticket's severity), or a metric not split by accounts, is answered split by split.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import pandas as pd

from tenure.metrics.api import Request, context, execute, metric
from tenure.metrics.compiler import aggregate
from tenure.metrics.context import Context
from tenure.metrics.segments import SEGMENT, SPLIT, one_split, segments

if TYPE_CHECKING:
    from tenure.workspace import Workspace

Split = tuple[str, ...]


def metric_splits(ws: Workspace, request: Request, splits: Sequence[Split]) -> list[pd.DataFrame]:
    """`request` split each way in `splits` (its own `by` is ignored): one result each, in
    order, equal to `metric(ws, request)` with that `by`."""
    wanted = [tuple(by) for by in splits]
    if len(wanted) < 2:
        return [metric(ws, replace(request, by=by)) for by in wanted]
    ctx = context(ws, replace(request, by=()))
    if not stackable(ctx, wanted):
        return [metric(ws, replace(request, by=by)) for by in wanted]
    stacked = replace(ctx, by=(SPLIT, SEGMENT), splits=tuple(wanted), memo={})
    frame = execute(ws, aggregate(stacked))
    return [_cut(frame, number, by) for number, by in enumerate(wanted)]


def stackable(ctx: Context, splits: Sequence[Split]) -> bool:
    """Whether every split is company-wide or by one account column of text or dates (the
    text of a date is its ISO form, which a single request returns too). Raises the single
    request's error for a segment column that does not exist."""
    if ctx.metric.segments != "accounts":
        return False
    for by in splits:
        if len(by) > 1 or any(column in ctx.metric.dimensions for column in by):
            return False
        if by:
            kind = segments(one_split(ctx, by)).schema()[by[0]]
            if not (kind.is_string() or kind.is_date()):
                return False
    return True


def _cut(frame: pd.DataFrame, number: int, by: Split) -> pd.DataFrame:
    """The rows of split `number`, with its segment column named as asked."""
    part = frame[frame[SPLIT] == number].drop(columns=[SPLIT])
    part = part.rename(columns={SEGMENT: by[0]}) if by else part.drop(columns=[SEGMENT])
    return part.reset_index(drop=True)
