"""Sentiment signals from `surveys`: the latest NPS answer, CSAT and effort of 90 days."""

from __future__ import annotations

import ibis.expr.types as ir

from tenure.models.signals.context import SignalContext
from tenure.models.signals.windows import GROUP, hours, known

#: NPS answers up to this score are detractors (0–6 on the 0–10 scale).
DETRACTOR_MAX = 6


def surveys(ctx: SignalContext) -> ir.Table:
    """Latest NPS answer and its age, detractor answers of 180 days; mean CSAT and CES
    answers of the last 90 days."""
    t = known(ctx.table("surveys"), ctx.snaps, "responded_at")
    nps = t.survey == "nps"
    recent = t.responded_at >= t.since_90
    score = t.score.cast("float64")
    summary = t.group_by(GROUP).aggregate(
        nps_last=score.argmax(t.responded_at, where=nps),
        nps_at=t.responded_at.max(where=nps),
        csat_90d=score.mean(where=recent & (t.survey == "csat")),
        ces_90d=score.mean(where=recent & (t.survey == "ces")),
        nps_detractors_180d=t.count(
            where=nps & (t.responded_at >= t.since_180) & (score <= DETRACTOR_MAX)
        ),
    )
    return summary.mutate(
        nps_detractor=(summary.nps_last <= DETRACTOR_MAX).cast("int64"),
        days_since_nps=hours(summary.cutoff, summary.nps_at) / 24.0,
    ).drop("nps_at")
