"""Whose accounts: the owner of each account and the book a CSM may see.

An account's owner is its current assignment (`assignments` with no `to`, or `to` in the
future) and, without one, `accounts.csm_id`.
"""

from __future__ import annotations

from datetime import UTC, datetime

import ibis
import ibis.expr.types as ir

from tenure.server.auth.principal import Principal
from tenure.workspace import Workspace


def now_utc() -> datetime:
    """Now, as a naive UTC timestamp (how the workspace stores time)."""
    return datetime.now(UTC).replace(tzinfo=None)


def owners(ws: Workspace) -> ir.Table:
    """`account_id`, `owner_id` for every account."""
    accounts = ws.table("accounts")
    current = _current_assignments(ws)
    joined = accounts.left_join(current, accounts.account_id == current.assigned_account)
    return joined.select(
        account_id=joined.account_id,
        owner_id=ibis.coalesce(joined.assigned_csm, joined.csm_id),
    )


def _current_assignments(ws: Workspace) -> ir.Table:
    table = ws.table("assignments")
    moment = ibis.literal(now_utc())
    live = table.filter((table["from"] <= moment) & (table["to"].isnull() | (table["to"] > moment)))
    ranked = live.mutate(
        rank=ibis.row_number().over(group_by=live.account_id, order_by=live["from"].desc())
    )
    latest = ranked.filter(ranked["rank"] == 0)
    return latest.select(assigned_account=latest.account_id, assigned_csm=latest.csm_id)


def visible_accounts(ws: Workspace, principal: Principal) -> ir.Table:
    """`account_id` of every account the caller may see."""
    owned = owners(ws)
    if principal.book_only:
        owned = owned.filter(owned.owner_id == (principal.csm_id or ""))
    return owned.select("account_id", "owner_id")


def can_see(ws: Workspace, principal: Principal, account_id: str) -> bool:
    """True when the caller may see `account_id` (and it exists)."""
    visible = visible_accounts(ws, principal)
    hit = visible.filter(visible.account_id == account_id).count()
    return int(hit.to_pyarrow().as_py()) > 0
