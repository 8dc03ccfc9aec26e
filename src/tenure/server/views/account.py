"""Account: one account's whole timeline."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import HTTPException, Path

from tenure.server.api.models import AccountDetail
from tenure.server.auth.roles import Permission
from tenure.server.data.accounts import owner_names
from tenure.server.data.scope import owners
from tenure.server.data.scores import health_detail, risk_detail
from tenure.server.data.timeline import account_row, timeline
from tenure.server.engine import account_mrr, cached
from tenure.server.views.registry import View, ViewContext, register
from tenure.server.web import charts as chart


@dataclass
class AccountId:
    """The account asked for."""

    account_id: Annotated[
        str, Path(max_length=200, pattern=r"^[^\x00-\x1f\x7f/]+$", description="The account's id.")
    ]


def build(context: ViewContext, params: AccountId) -> AccountDetail:
    """The account page; 404 when the account is unknown or outside the caller's book.
    Kept per caller and data version (tasks and notes live in the same database, so any
    change to them is a new version too)."""
    key = (context.principal.scope, params.account_id)
    detail: AccountDetail = cached(context.ws, "account", key, lambda: _build(context, params))
    return detail


def _build(context: ViewContext, params: AccountId) -> AccountDetail:
    from tenure.server.data.scope import can_see

    account_id = params.account_id
    if not can_see(context.ws, context.principal, account_id):
        raise HTTPException(404, f"no account {account_id!r} in your scope")
    row = account_row(context.ws, account_id)
    if row is None:
        raise HTTPException(404, f"no account {account_id!r}")
    story = timeline(context.ws, row)
    owned = owners(context.ws)
    owner = owned.filter(owned.account_id == account_id).owner_id.to_pyarrow().to_pylist()
    owner_id = owner[0] if owner else None
    risk, risk_problem = risk_detail(context.ws, account_id)
    return AccountDetail(
        account=story.account,
        owner_id=owner_id,
        owner_name=owner_names(context.ws).get(owner_id or "", owner_id),
        subscriptions=story.subscriptions,
        mrr=account_mrr(context.ws, account_id),
        usage=story.usage,
        tickets=story.tickets,
        surveys=story.surveys,
        touchpoints=story.touchpoints,
        assignments=story.assignments,
        health=health_detail(context.ws, account_id),
        risk=risk,
        risk_problem=risk_problem,
    )


def charts(model: AccountDetail, currency: str) -> dict[str, dict[str, Any]]:
    """The account's MRR line and monthly usage bars."""
    found: dict[str, dict[str, Any]] = {}
    if model.mrr:
        found["mrr"] = chart.line(model.mrr, "mrr", "currency", "Monthly MRR of the account")
    if model.usage:
        usage = [{"period": row["month"], **row} for row in model.usage]
        found["usage"] = chart.bars(usage, "events", "count", "Product events per month")
    return found


register(
    View(
        name="account",
        title="Account",
        path="/accounts/{account_id}",
        template="account.html",
        permission=Permission.ACCOUNTS,
        model=AccountDetail,
        build=build,
        params=AccountId,
        nav=False,
        api_suffix="/{account_id}",
        charts=charts,
        summary="An account's timeline (MRR, usage, tickets, answers, touchpoints), health, risk.",
    )
)
