"""One account's story: attributes, subscriptions, monthly usage, tickets, answers, touchpoints."""

from __future__ import annotations

from dataclasses import dataclass, field

import ibis
import ibis.expr.types as ir

from tenure.server.data.rows import Row, plain, records
from tenure.workspace import Workspace

#: At most this many rows of each kind (newest first) in a timeline.
LIMIT = 500


@dataclass(frozen=True)
class Timeline:
    """Everything the account page shows, as JSON-ready rows."""

    account: Row
    subscriptions: list[Row] = field(default_factory=list)
    usage: list[Row] = field(default_factory=list)
    tickets: list[Row] = field(default_factory=list)
    surveys: list[Row] = field(default_factory=list)
    touchpoints: list[Row] = field(default_factory=list)
    assignments: list[Row] = field(default_factory=list)


def account_row(ws: Workspace, account_id: str) -> Row | None:
    """The account's attributes (canonical and extra columns), or None."""
    accounts = ws.table("accounts")
    rows = records(accounts.filter(accounts.account_id == account_id).limit(1))
    return rows[0] if rows else None


def timeline(ws: Workspace, account: Row) -> Timeline:
    """The whole timeline of one (already authorised) account."""
    account_id = str(account["account_id"])
    return Timeline(
        account=account,
        subscriptions=_rows(ws, "subscriptions", account_id, "started_at"),
        usage=monthly_usage(ws, account_id),
        tickets=_rows(ws, "tickets", account_id, "created_at"),
        surveys=_rows(ws, "surveys", account_id, "responded_at"),
        touchpoints=_rows(ws, "touchpoints", account_id, "occurred_at"),
        assignments=_rows(ws, "assignments", account_id, "from"),
    )


def _rows(ws: Workspace, table: str, account_id: str, when: str) -> list[Row]:
    rows = _of(ws.table(table), account_id)
    return records(rows.order_by(ibis.desc(when)).limit(LIMIT))


def _of(table: ir.Table, account_id: str) -> ir.Table:
    return table.filter(table.account_id == account_id)


def monthly_usage(ws: Workspace, account_id: str) -> list[Row]:
    """Per month: events, active users, logins and feature uses (oldest month first)."""
    events = _of(ws.table("events"), account_id)
    month = events.occurred_at.truncate("M").cast("date").name("month")
    grouped = events.group_by(month).aggregate(
        events=events.quantity.sum(),
        active_users=events.user_id.nullif("").nunique(),
        logins=(events.event == "login").ifelse(events.quantity, 0).sum(),
        feature_uses=events.event.startswith("feature:").ifelse(events.quantity, 0).sum(),
    )
    rows = records(grouped.order_by("month"))
    return [{key: plain(value) for key, value in row.items()} for row in rows]
