"""Explanations: how one value was computed, and the accounts behind it, within scope.

The engine's `Workspace.explain` gives the SQL, conventions, components and every
account's contribution; here the account list is cut to what the caller may see.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

import pandas as pd
from pydantic import BaseModel, Field

from tenure.metrics.catalogue import CATALOGUE
from tenure.server.api.bounds import check_range
from tenure.server.auth.principal import Principal
from tenure.server.auth.roles import Permission
from tenure.server.data.rows import Row, plain
from tenure.server.data.scope import visible_accounts
from tenure.server.engine import cached, frame_rows, has
from tenure.workspace import Workspace

ACCOUNT_LIMIT = 500


class ExplainRequest(Protocol):
    """What an explanation is asked for with (grain, segments, filters, preset)."""

    @property
    def grain(self) -> str: ...

    @property
    def preset(self) -> str | None: ...

    @property
    def segments(self) -> list[str]: ...

    @property
    def conventions(self) -> dict[str, str]: ...

    def where_dict(self) -> dict[str, list[str]]: ...


class Explanation(BaseModel):
    """How one period's value of one metric was computed."""

    key: str
    name: str
    description: str
    formula: str
    unit: str
    period: str
    grain: str
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    sql: str | None = None
    conventions: dict[str, Any] = Field(default_factory=dict)
    components: dict[str, Any] = Field(default_factory=dict)
    accounts: list[dict[str, Any]] = Field(
        default_factory=list, description="Accounts behind the value (within your scope)."
    )
    accounts_total: int = Field(0, description="Accounts behind the value, in all.")
    accounts_shown: int = 0
    accounts_note: str | None = None


def explanation_for(
    ws: Workspace, principal: Principal, key: str, period: date, request: ExplainRequest
) -> Explanation:
    """The scoped explanation of `key` in the period containing `period`."""
    check_range(period, period, request.grain)
    where = request.where_dict()
    conventions = request.conventions
    cache_key = (
        key,
        period,
        request.grain,
        tuple(request.segments),
        str(where),
        request.preset,
        str(conventions),
    )

    def compute() -> dict[str, Any]:
        raw = ws.explain(  # type: ignore[attr-defined,unused-ignore]
            key,
            period,
            grain=request.grain,
            by=request.segments,
            where=where or None,
            preset=request.preset,
            conventions=conventions or None,
        )
        return normalise(raw)

    def scoped() -> Explanation:
        found: dict[str, Any] = cached(ws, "explain", cache_key, compute)
        return _explanation(ws, principal, key, period, request.grain, found)

    key_for_caller = (cache_key, principal.scope)
    explanation: Explanation = cached(ws, "explanation", key_for_caller, scoped)
    return explanation


def _explanation(
    ws: Workspace, principal: Principal, key: str, period: date, grain: str, found: dict[str, Any]
) -> Explanation:
    """The caller's view of an explanation: accounts within their scope, with names."""
    metric = CATALOGUE[key]
    accounts, note = scoped_accounts(ws, principal, found["accounts"])
    return Explanation(
        key=key,
        name=metric.name,
        description=metric.description,
        formula=metric.formula,
        unit=metric.unit,
        period=str(found.get("period") or period.isoformat())[:10],
        grain=grain,
        value=found.get("value"),
        numerator=found.get("numerator"),
        denominator=found.get("denominator"),
        sql=found.get("sql"),
        conventions=found.get("conventions") or {},
        components=found.get("components") or {},
        accounts=with_names(ws, accounts[:ACCOUNT_LIMIT]),
        accounts_total=len(found["accounts"]),
        accounts_shown=min(len(accounts), ACCOUNT_LIMIT),
        accounts_note=note,
    )


RESULT_FIELDS = ("period", "value", "numerator", "denominator")


def normalise(raw: Any) -> dict[str, Any]:
    """The engine's explanation as plain JSON-ready values.

    `result` holds the value (and numerator, denominator, movement components) of the
    one period; `accounts` one row per account with its contribution to each column.
    """
    result = frame_rows(raw.result) if isinstance(raw.result, pd.DataFrame) else []
    first = result[0] if len(result) == 1 else {}
    return {
        "period": str(raw.period),
        "value": first.get("value"),
        "numerator": first.get("numerator"),
        "denominator": first.get("denominator"),
        "components": {k: v for k, v in first.items() if k not in RESULT_FIELDS},
        "sql": str(raw.sql),
        "conventions": {str(k): plain(v) for k, v in dict(raw.conventions).items()},
        "accounts": _ordered(frame_rows(raw.accounts)),
    }


def _ordered(rows: list[Row]) -> list[Row]:
    """Biggest contributions first (the numerator's, else the value's)."""
    column = "numerator" if rows and "numerator" in rows[0] else "value"
    return sorted(rows, key=lambda row: -abs(float(row.get(column) or 0)))


def with_names(ws: Workspace, rows: list[Row]) -> list[Row]:
    """The rows with each account's name next to its id."""
    ids = [row["account_id"] for row in rows]
    if not ids:
        return rows
    accounts = ws.table("accounts")
    named = accounts.filter(accounts.account_id.isin(ids)).select("account_id", "name")
    names = {r["account_id"]: r["name"] for r in named.to_pyarrow().to_pylist()}
    return [
        {"account_id": row["account_id"], "name": names.get(row["account_id"]), **row}
        for row in rows
    ]


def scoped_accounts(
    ws: Workspace, principal: Principal, rows: list[Row]
) -> tuple[list[Row], str | None]:
    """The rows the caller may see, and a note when some were withheld."""
    if not principal.can(Permission.ACCOUNTS):
        return [], "Your role sees company figures only, not the accounts behind them."
    if not principal.book_only:
        return rows, None
    visible = visible_accounts(ws, principal).account_id.to_pyarrow().to_pylist()
    allowed = set(visible)
    kept = [row for row in rows if row.get("account_id") in allowed]
    return kept, "Only the accounts of your book are listed."


def mrr_by_account(ws: Workspace) -> pd.DataFrame | None:
    """`account_id`, `mrr` today: the accounts behind MRR (None until explain exists)."""
    if not has("explain"):
        return None
    today = date.today()

    def compute() -> pd.DataFrame:
        rows = normalise(ws.explain("mrr", today))["accounts"]  # type: ignore[attr-defined,unused-ignore]
        frame = pd.DataFrame(rows)
        if frame.empty:
            return pd.DataFrame({"account_id": pd.Series([], dtype="string"), "mrr": []})
        return frame[["account_id", "value"]].rename(columns={"value": "mrr"})

    frame: pd.DataFrame = cached(ws, "mrr_by_account", today, compute)
    return frame
