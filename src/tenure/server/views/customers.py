"""Customers: the filterable, sortable list of the accounts the caller may see."""

from __future__ import annotations

import pandas as pd
from pydantic import BaseModel, Field

from tenure.server.api.models import AccountList, AccountRow
from tenure.server.api.params import AccountFilters
from tenure.server.auth.roles import Permission
from tenure.server.data.accounts import filter_choices, list_accounts, owner_names
from tenure.server.data.scores import account_scores
from tenure.server.engine import cached
from tenure.server.explaining import mrr_by_account
from tenure.server.views.registry import View, ViewContext, register
from tenure.workspace import Workspace


class CustomersPage(BaseModel):
    """The customer list page: one page of rows, the filters in force and their choices."""

    accounts: AccountList
    filters: dict[str, str | int | None]
    choices: dict[str, list[str]]
    owners: dict[str, str]
    has_mrr: bool
    has_scores: bool = Field(False, description="Whether health and risk columns are shown.")
    risk_problem: str | None = Field(None, description="Why churn risk is not shown.")


def score_frame(ws: Workspace) -> pd.DataFrame | None:
    """Health and risk per account, for the list (None until health is scored)."""
    scores = account_scores(ws)
    return scores.frame if scores is not None else None


def account_list(context: ViewContext, filters: AccountFilters) -> AccountList:
    """One page of the caller's accounts (cached per data version, caller's book and query:
    nothing in the list changes without the data)."""
    query = filters.query()
    ws, principal = context.ws, context.principal

    def make() -> AccountList:
        result = list_accounts(ws, principal, query, mrr_by_account(ws), score_frame(ws))
        rows = [AccountRow.model_validate(row) for row in result.rows]
        return AccountList(total=result.total, offset=query.offset, limit=query.limit, rows=rows)

    found: AccountList = cached(ws, "account-list", (principal.scope, query), make)
    return found


def build(context: ViewContext, filters: AccountFilters) -> CustomersPage:
    """The customers page."""
    accounts = account_list(context, filters)
    choices = filter_choices(context.ws, context.principal)
    names = owner_names(context.ws)
    owners = {key: names.get(key, key) for key in choices["owner_id"]}
    scores = account_scores(context.ws)
    return CustomersPage(
        accounts=accounts,
        filters=dict(vars(filters)),
        choices=choices,
        owners=owners,
        has_mrr=any(row.mrr is not None for row in accounts.rows),
        has_scores=scores is not None,
        risk_problem=scores.risk_problem if scores is not None else None,
    )


register(
    View(
        name="customers",
        title="Customers",
        path="/customers",
        template="customers.html",
        permission=Permission.ACCOUNTS,
        model=CustomersPage,
        build=build,
        params=AccountFilters,
        order=30,
        summary="The accounts you may see: filter, sort, page; health, risk, MRR, plan, CSM.",
    )
)
