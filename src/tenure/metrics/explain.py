"""Explain one value: the SQL behind it, the conventions in force, its components and the
accounts whose contributions add up to it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import ibis
import pandas as pd

from tenure.metrics.api import Request, execute, single_period
from tenure.metrics.compiler import accounts, aggregate, builder_of
from tenure.metrics.formatting import records
from tenure.metrics.spec import Metric

if TYPE_CHECKING:
    from tenure.workspace import Workspace


@dataclass(frozen=True)
class Explanation:
    """Everything behind one period's value of one metric."""

    metric: Metric
    period: str
    grain: str
    preset: str
    conventions: dict[str, Any]
    sql: str
    result: pd.DataFrame
    accounts: pd.DataFrame

    @property
    def value(self) -> Any:
        """The value, when the request has a single row (no segments)."""
        return self.result["value"].iloc[0] if len(self.result) == 1 else None

    def contributions(self, column: str) -> Any:
        """The sum of the accounts' contributions to `column` (equals the result's)."""
        return self.accounts[column].sum() if column in self.accounts else None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view (exact decimals become JSON numbers)."""
        return {
            "metric": self.metric.key,
            "period": self.period,
            "grain": self.grain,
            "preset": self.preset,
            "conventions": self.conventions,
            "result": records(self.result),
            "accounts": records(self.accounts),
            "sql": self.sql,
        }


def explain(ws: Workspace, request: Request, period: str | date) -> Explanation:
    """Explain the value of `request` for the one period that contains `period`."""
    ctx = single_period(ws, request, period)
    expr = aggregate(ctx)
    result = execute(ws, expr)
    itemised = ctx.metric.explain_accounts and not builder_of(ctx.metric.key).grouped
    rows = execute(ws, accounts(ctx)) if itemised else pd.DataFrame({"account_id": []})
    in_force = ctx.conventions.model_dump()
    return Explanation(
        metric=ctx.metric,
        period=ctx.periods[0].first.isoformat(),
        grain=ctx.grain,
        preset=request.preset or ws.settings.metrics.preset,
        conventions={name: in_force[name] for name in ctx.metric.conventions},
        sql=ibis.to_sql(expr, dialect=ws.store.con.name),
        result=result,
        accounts=rows,
    )
