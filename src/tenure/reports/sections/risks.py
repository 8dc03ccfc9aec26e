"""Risks and next steps: churn risk, renewals coming up, and the open tasks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import ibis
import pandas as pd

from tenure.reports.context import ReportContext
from tenure.reports.format import day, money, show
from tenure.reports.model import Figure, Section, Table
from tenure.reports.sections.common import account_names, cell, of_scope

TOP = 8
RENEWAL_DAYS = 90


def build(ctx: ReportContext) -> Section:
    """What could go wrong, and what the team is doing about it."""
    section = Section(
        key="risks",
        title="Risks and next steps",
        intro="Churn risk on the period's last day, contracts renewing in the next "
        f"{RENEWAL_DAYS} days, and the open tasks of the customer-success team.",
    )
    _risk(ctx, section)
    section.tables.append(_renewals(ctx))
    _tasks(ctx, section)
    return section


def _risk(ctx: ReportContext, section: Section) -> None:
    risk = ctx.capability("risk")
    if risk is None:
        section.missing("churn risk (the risk capability is not installed)")
        return
    try:
        frame = risk(as_of=ctx.period.end, explain=0)
    except Exception as error:  # a model that cannot score is a note, not a number
        section.missing(f"churn risk ({error})")
        return
    if ctx.account_id is not None:
        frame = frame[frame["account_id"] == ctx.account_id]
    if frame.empty:
        section.missing("churn risk (no paying customer to score on that day)")
        return
    section.figures += _risk_figures(ctx, frame)
    if ctx.account_id is None:
        section.tables.append(_riskiest(ctx, frame, risk))


def _risk_figures(ctx: ReportContext, frame: pd.DataFrame) -> list[Figure]:
    if ctx.account_id is not None:
        row = frame.iloc[0]
        return [
            Figure("Churn probability", show(row["probability"], "ratio"), note=str(row["band"])),
            Figure("Revenue at risk", money(row.get("revenue_at_risk"), ctx.currency)),
        ]
    high = frame[frame["band"] == "high"]
    return [
        Figure("High-risk accounts", show(len(high), "count")),
        Figure("MRR at risk (expected)", money(frame["revenue_at_risk"].sum(), ctx.currency)),
    ]


def _riskiest(ctx: ReportContext, frame: pd.DataFrame, risk: Callable[..., Any]) -> Table:
    top = frame.sort_values("revenue_at_risk", ascending=False).head(TOP)
    # only these accounts' drivers: explaining every account is most of scoring's time
    explained = risk(as_of=ctx.period.end, explain=top["account_id"].tolist())
    top = top.assign(drivers=top["account_id"].map(explained.set_index("account_id")["drivers"]))
    names = account_names(ctx, top["account_id"])
    return Table(
        "Most revenue at risk",
        ["Account", "Churn probability", "Band", "MRR", "Revenue at risk", "Main drivers"],
        [
            [
                names[str(r["account_id"])],
                show(r["probability"], "ratio"),
                str(r["band"]),
                money(r.get("mrr"), ctx.currency),
                money(r.get("revenue_at_risk"), ctx.currency),
                _drivers(r.get("drivers")),
            ]
            for r in top.to_dict("records")
        ],
        frozenset({1, 3, 4}),
    )


def _drivers(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value[:2])
    return cell(value)[:60]


def _renewals(ctx: ReportContext) -> Table:
    subs = of_scope(ctx, ctx.ws.table("subscriptions"))
    first, last = ctx.period.end + timedelta(days=1), ctx.period.end + timedelta(days=RENEWAL_DAYS)
    due = subs.filter(
        subs.ended_at.isnull() & (subs.term_ends_at >= first) & (subs.term_ends_at <= last)
    )
    rows = due.order_by(["term_ends_at", ibis.desc("amount")]).limit(TOP).to_pyarrow().to_pylist()
    names = account_names(ctx, [r["account_id"] for r in rows])
    return Table(
        f"Renewals from {first.isoformat()} to {last.isoformat()}",
        ["Account", "Plan", "Amount", "Interval", "Term ends"],
        [
            [
                names[str(r["account_id"])],
                cell(r.get("plan")),
                money(r["amount"], ctx.currency, 2),
                str(r.get("interval") or "month"),
                day(r["term_ends_at"]),
            ]
            for r in rows
        ],
        frozenset({2}),
        "No contract renews in that window.",
    )


def _tasks(ctx: ReportContext, section: Section) -> None:
    tasks = ctx.capability("tasks")
    if tasks is None:
        section.missing("open tasks (the tasks capability is not installed)")
        return
    try:
        frame = tasks(status="open", account=ctx.account_id)
    except Exception as error:  # shown as a note
        section.missing(f"open tasks ({error})")
        return
    section.tables.append(_task_table(ctx, frame))


def _task_table(ctx: ReportContext, frame: pd.DataFrame) -> Table:
    ordered = frame.sort_values("due_on") if "due_on" in frame.columns else frame
    names = account_names(ctx, ordered.get("account_id", pd.Series(dtype=object)))
    rows = [
        [
            names.get(str(r.get("account_id")), cell(r.get("account_id"))),
            cell(r.get("reason")),
            cell(r.get("playbook")),
            cell(r.get("owner_id")),
            day(r.get("due_on")) or "—",
        ]
        for r in ordered.head(TOP * 2).to_dict("records")
    ]
    return Table(
        "Open tasks (next steps)",
        ["Account", "Why", "Next step", "Owner", "Due"],
        rows,
        empty="No open task.",
    )
