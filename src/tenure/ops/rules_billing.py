"""Rules on billing: an invoice unpaid N days after its due date; which invoices are overdue."""

from __future__ import annotations

from datetime import date, timedelta

import ibis.expr.types as ir
import pandas as pd

from tenure.ops.asof import end_of
from tenure.ops.rules import Firing, Scene, rule
from tenure.ops.settings import InvoiceOverdue
from tenure.ops.tables import frame_of
from tenure.workspace import Workspace

SETTLED = ("void", "refunded")


def overdue_invoices(ws: Workspace, day: date, days: int = 0) -> ir.Table:
    """Invoices unpaid at the end of `day` that are at least `days` days (and at least one
    day) past their due date.

    Paid is known by `paid_at` (a later payment did not exist yet); an invoice marked paid
    without a date counts as paid; void and refunded invoices are settled.
    """
    invoices = ws.table("invoices")
    moment = end_of(day)
    status = invoices.status.fill_null("open")
    paid_no_date = (status == "paid") & invoices.paid_at.isnull()
    unpaid = invoices.paid_at.isnull() | (invoices.paid_at >= moment)
    due_before = end_of(day - timedelta(days=max(days, 1)))
    return invoices.filter(
        invoices.due_at.notnull()
        & (invoices.due_at < due_before)
        & (invoices.issued_at < moment)
        & unpaid
        & ~paid_no_date
        & ~status.isin(SETTLED)
    )


@rule("invoice_overdue")
def invoice_overdue(scene: Scene, settings: InvoiceOverdue) -> list[Firing]:
    """Customers with an invoice unpaid more than `days` days after its due date."""
    rows = overdue_invoices(scene.ws, scene.day, settings.days)
    rows = rows.filter(rows.account_id.isin(scene.accounts))
    found = frame_of(rows.select("account_id", "invoice_id", "amount", "due_at"))
    firings = []
    for account, group in found.sort_values("due_at").groupby("account_id"):
        oldest = group.iloc[0]
        late = (scene.day - pd.Timestamp(oldest["due_at"]).date()).days
        total = float(group["amount"].astype(float).sum())
        evidence = {
            "invoices": [str(value) for value in group["invoice_id"]],
            "amount": round(total, 2),
            "oldest_due_on": pd.Timestamp(oldest["due_at"]).date().isoformat(),
            "days_overdue": late,
        }
        count = len(group)
        reason = f"{count} invoice{'s' if count > 1 else ''} overdue ({total:,.2f}, {late} days)"
        firings.append(
            Firing("invoice_overdue", str(account), reason, evidence, str(oldest["invoice_id"]))
        )
    return firings
