"""Support signals from `tickets`: volume, open and slow tickets, resolution, ticket CSAT.

A ticket resolved after the snapshot counts as open then; its resolution time is unknown.
"""

from __future__ import annotations

import ibis.expr.types as ir

from tenure.models.signals.context import SignalContext
from tenure.models.signals.windows import GROUP, hours, known

URGENT = ("high", "urgent")


def tickets(ctx: SignalContext) -> ir.Table:
    """Ticket signals of the last 90 days, and tickets of the last year still open."""
    t = known(ctx.table("tickets"), ctx.snaps, "created_at", "since_365")
    resolved = (t.resolved_at < t.cutoff).fill_null(False)
    responded = (t.first_response_at < t.cutoff).fill_null(False)
    recent = t.created_at >= t.since_90
    took = hours(t.resolved_at, t.created_at)
    age = hours(t.cutoff, t.created_at)
    limit = ctx.settings.slow_ticket_hours
    slow = recent & ((resolved & (took > limit)) | (~resolved & (age > limit)))
    return t.group_by(GROUP).aggregate(
        tickets_90d=t.count(where=recent),
        tickets_open=t.count(where=~resolved),
        tickets_slow_90d=t.count(where=slow),
        urgent_tickets_90d=t.count(where=recent & t.priority.isin(URGENT).fill_null(False)),
        resolution_hours_90d=took.median(where=recent & resolved),
        first_response_hours_90d=hours(t.first_response_at, t.created_at).median(
            where=recent & responded
        ),
        ticket_csat_90d=t.csat.cast("float64").mean(where=recent & resolved),
    )
