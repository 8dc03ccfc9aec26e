"""Accounts: the list (filters, sort, pagination), CSV export, and one account's timeline."""

from __future__ import annotations

import csv
import io
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from tenure.server.access import WorkspaceDep
from tenure.server.api.models import AccountDetail, AccountList
from tenure.server.api.params import AccountFilters
from tenure.server.auth.deps import require
from tenure.server.auth.principal import Principal
from tenure.server.auth.roles import Permission
from tenure.server.data.accounts import list_accounts
from tenure.server.explaining import mrr_by_account
from tenure.server.views import account, customers
from tenure.server.views.customers import score_frame
from tenure.server.views.registry import ViewContext
from tenure.workspace import Workspace

router = APIRouter(tags=["accounts"])
Reader = Annotated[Principal, Depends(require(Permission.ACCOUNTS))]
Filters = Annotated[AccountFilters, Depends(AccountFilters)]

CSV_COLUMNS = (
    "account_id",
    "name",
    "plan",
    "mrr",
    "owner_id",
    "owner_name",
    "renewal_at",
    "health_score",
    "health_tier",
    "risk_probability",
    "risk_band",
    "industry",
    "country",
    "size",
    "created_at",
)


@router.get("/accounts", response_model=AccountList)
def accounts(principal: Reader, ws: WorkspaceDep, filters: Filters) -> AccountList:
    """The accounts the caller may see (a CSM: their own book), filtered, sorted, paged."""
    return customers.account_list(ViewContext(ws, principal), filters)


@router.get(
    "/accounts.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}},
)
def accounts_csv(principal: Reader, ws: WorkspaceDep, filters: Filters) -> Response:
    """Every matching account as CSV (the filters and sort of the list; no paging)."""
    return Response(
        accounts_csv_text(ws, principal, filters),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="customers.csv"'},
    )


def accounts_csv_text(ws: Workspace, principal: Principal, filters: AccountFilters) -> str:
    """The CSV export of the customer list."""
    query = filters.query(limit=0)
    result = list_accounts(ws, principal, query, mrr_by_account(ws), score_frame(ws))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(result.rows)
    return buffer.getvalue()


@router.get("/accounts/{account_id}", response_model=AccountDetail)
def account_detail(
    principal: Reader, ws: WorkspaceDep, params: Annotated[account.AccountId, Depends()]
) -> AccountDetail:
    """One account with its timeline; 404 when it is unknown or outside the caller's book."""
    return account.build(ViewContext(ws, principal), params)
