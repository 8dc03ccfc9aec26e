"""Billing signals from `invoices` of the last year: arrears and late payments.

An invoice paid after the snapshot was unpaid then; void and refunded invoices owe nothing.
"""

from __future__ import annotations

import ibis.expr.types as ir

from tenure.models.signals.context import SignalContext
from tenure.models.signals.windows import GROUP, hours, known

NOT_OWED = ("void", "refunded")


def invoices(ctx: SignalContext) -> ir.Table:
    """Overdue invoices (count, days of the oldest, amount) and late payments in a year."""
    t = known(ctx.table("invoices"), ctx.snaps, "issued_at", "since_365")
    paid = (t.paid_at < t.cutoff).fill_null(False)
    owed = t.status.isnull() | ~t.status.isin(NOT_OWED)
    overdue = owed & ~paid & (t.due_at < t.cutoff).fill_null(False) & (t.amount > 0)
    late = paid & (t.paid_at > t.due_at).fill_null(False)
    summary = t.group_by(GROUP).aggregate(
        invoices_overdue=t.count(where=overdue),
        oldest_due=t.due_at.min(where=overdue),
        amount_overdue=t.amount.cast("float64").sum(where=overdue),
        late_payments_365d=t.count(where=late),
        late_payments_90d=t.count(where=late & (t.issued_at >= t.since_90)),
    )
    days = (hours(summary.cutoff, summary.oldest_due) / 24.0).floor().cast("float64")
    return summary.mutate(days_overdue=days.fill_null(0.0)).drop("oldest_due")
