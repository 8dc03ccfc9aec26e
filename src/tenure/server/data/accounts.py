"""The customer list: filter, sort and page the accounts a caller may see."""

from __future__ import annotations

from dataclasses import dataclass

import ibis
import ibis.expr.types as ir
import pandas as pd

from tenure.server.auth.principal import Principal
from tenure.server.data.rows import Row, records
from tenure.server.data.scope import now_utc, visible_accounts
from tenure.workspace import Workspace

#: Columns a list can be filtered on by exact value (besides the free-text `q`).
FILTER_COLUMNS = ("plan", "owner_id", "industry", "country", "size")
SORT_COLUMNS = (
    "name",
    "account_id",
    "plan",
    "owner_name",
    "industry",
    "country",
    "size",
    "created_at",
    "renewal_at",
    "mrr",
    "health_score",
    "risk_probability",
)
#: Score columns the list can be filtered on, and the values each can take.
SCORE_FILTERS = {"health_tier": ("red", "yellow", "green"), "risk_band": ("high", "medium", "low")}
#: Score columns and their types while no score is known.
SCORE_TYPES = {
    "health_score": "float64",
    "health_tier": "string",
    "risk_probability": "float64",
    "risk_band": "string",
}


@dataclass(frozen=True)
class AccountQuery:
    """What part of the customer list to return."""

    q: str | None = None
    plan: str | None = None
    owner_id: str | None = None
    industry: str | None = None
    country: str | None = None
    size: str | None = None
    health_tier: str | None = None
    risk_band: str | None = None
    sort: str = "name"
    descending: bool = False
    offset: int = 0
    limit: int = 50


@dataclass(frozen=True)
class AccountList:
    """One page of the customer list and how many accounts match in all."""

    total: int
    rows: list[Row]


def account_table(
    ws: Workspace,
    principal: Principal,
    mrr: pd.DataFrame | None = None,
    scores: pd.DataFrame | None = None,
) -> ir.Table:
    """Every visible account with its owner, renewal date and (when given) current MRR,
    health and churn risk."""
    accounts = ws.table("accounts")
    visible = visible_accounts(ws, principal)
    csms = ws.table("csms").select(owner_key="csm_id", owner_name="name")
    renewals = next_renewals(ws)
    base = accounts.inner_join(visible, "account_id")
    named = base.left_join(csms, base.owner_id == csms.owner_key)
    joined = named.left_join(renewals, named.account_id == renewals.renewal_account)
    table = joined.select(
        "account_id",
        "name",
        "plan",
        "industry",
        "country",
        "size",
        "created_at",
        "owner_id",
        "owner_name",
        "renewal_at",
    )
    return _with_scores(_with_mrr(table, mrr), scores)


def _with_mrr(table: ir.Table, mrr: pd.DataFrame | None) -> ir.Table:
    if mrr is None:
        return table.mutate(mrr=ibis.null("float64"))
    frame = mrr.rename(columns={"account_id": "mrr_account"})[["mrr_account", "mrr"]]
    values = ibis.memtable(frame.astype({"mrr_account": "string", "mrr": "float64"}))
    joined = table.left_join(values, table.account_id == values.mrr_account)
    return joined.drop("mrr_account").mutate(mrr=ibis.coalesce(ibis._.mrr, 0.0))


def _with_scores(table: ir.Table, scores: pd.DataFrame | None) -> ir.Table:
    if scores is None:
        return table.mutate(**{c: ibis.null(t) for c, t in SCORE_TYPES.items()})
    frame = scores.rename(columns={"account_id": "score_account"})
    values = ibis.memtable(frame[["score_account", *SCORE_TYPES]])
    joined = table.left_join(values, table.account_id == values.score_account)
    return joined.drop("score_account")


def next_renewals(ws: Workspace) -> ir.Table:
    """`renewal_account`, `renewal_at`: the next contract term end of each active account."""
    subs = ws.table("subscriptions")
    moment = ibis.literal(now_utc())
    active = subs.filter(
        (subs.started_at <= moment)
        & (subs.ended_at.isnull() | (subs.ended_at > moment))
        & (subs.term_ends_at >= moment)
    )
    return active.group_by(renewal_account=active.account_id).aggregate(
        renewal_at=active.term_ends_at.min()
    )


def filter_accounts(table: ir.Table, query: AccountQuery) -> ir.Table:
    """Apply the free-text search and the exact-value filters."""
    if query.q:
        needle = query.q.strip().lower()
        table = table.filter(
            table.name.lower().contains(needle) | table.account_id.lower().contains(needle)
        )
    for column in (*FILTER_COLUMNS, *SCORE_FILTERS):
        value = getattr(query, column)
        if value:
            table = table.filter(table[column] == value)
    return table


def list_accounts(
    ws: Workspace,
    principal: Principal,
    query: AccountQuery,
    mrr: pd.DataFrame | None = None,
    scores: pd.DataFrame | None = None,
) -> AccountList:
    """One sorted page of the matching accounts (unscored accounts last on a score sort)."""
    table = filter_accounts(account_table(ws, principal, mrr, scores), query)
    total = int(table.count().to_pyarrow().as_py())
    key = query.sort if query.sort in SORT_COLUMNS else "name"
    order = ibis.desc(key) if query.descending else ibis.asc(key)
    ordered = table.order_by([order, ibis.asc("account_id")])
    page = ordered.limit(query.limit, offset=query.offset) if query.limit else ordered
    return AccountList(total, records(page))


def filter_choices(ws: Workspace, principal: Principal) -> dict[str, list[str]]:
    """The values each filter can take among the caller's accounts (for the pickers)."""
    table = account_table(ws, principal)
    choices: dict[str, list[str]] = {}
    for column in FILTER_COLUMNS:
        values = table.select(column).distinct().order_by(column).to_pyarrow()
        choices[column] = [str(v) for v in values.column(0).to_pylist() if v not in (None, "")]
    return {**choices, **{column: list(values) for column, values in SCORE_FILTERS.items()}}


def owner_names(ws: Workspace) -> dict[str, str]:
    """CSM id → name."""
    csms = ws.table("csms").select("csm_id", "name").to_pyarrow().to_pylist()
    return {row["csm_id"]: row["name"] or row["csm_id"] for row in csms}
