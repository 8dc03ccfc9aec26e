"""Build a review pack: resolve the period and the account, run every section."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from tenure.errors import TenureError
from tenure.metrics.catalogue import get_metric
from tenure.metrics.range import default_range
from tenure.reports.context import ReportContext
from tenure.reports.format import day
from tenure.reports.model import Pack, Section
from tenure.reports.period import ReportPeriod, last_complete_quarter, parse_period
from tenure.reports.sections import SECTIONS

if TYPE_CHECKING:
    from tenure.workspace import Workspace


class ReportError(TenureError):
    """A pack that cannot be made (unknown account, no browser for the PDF, …)."""


def resolve_period(ws: Workspace, period: str | None) -> ReportPeriod:
    """`period` as given, else the last complete quarter of the data."""
    if period:
        return parse_period(period)
    horizon = getattr(ws, "data_horizon", None)
    last = horizon() if callable(horizon) else None
    if not isinstance(last, date):
        last = default_range(ws, get_metric("mrr"), date.today())[1]
    return last_complete_quarter(last)


def account_row(ws: Workspace, account_id: str) -> dict[str, Any]:
    """The account's attributes; a clear error when it is unknown."""
    accounts = ws.table("accounts")
    rows = accounts.filter(accounts.account_id == account_id).limit(1).to_pyarrow().to_pylist()
    if not rows:
        raise ReportError(f"no account {account_id!r} in this workspace")
    row: dict[str, Any] = rows[0]
    return row


def csm_name(ws: Workspace, csm_id: object) -> str:
    """The CSM's name (their id when the csms table does not know them)."""
    if not csm_id:
        return "—"
    csms = ws.table("csms")
    rows = csms.filter(csms.csm_id == str(csm_id)).limit(1).to_pyarrow().to_pylist()
    return str(rows[0].get("name") or csm_id) if rows else str(csm_id)


def build_pack(ws: Workspace, account_id: str | None = None, period: str | None = None) -> Pack:
    """The executive review pack of the company, or of one account."""
    account = account_row(ws, account_id) if account_id is not None else None
    ctx = ReportContext(ws, resolve_period(ws, period), account)
    sections = [builder(ctx) for builder in SECTIONS]
    sections.append(_about(ctx))
    name = ws.settings.workspace.name
    title = name if account is None else str(account.get("name") or account_id)
    return Pack(
        title=title,
        subtitle="Executive review" if account is None else "Executive business review",
        period_label=ctx.period.label,
        scope="Company" if account is None else f"Account {account_id}",
        generated_at=datetime.now(UTC),
        currency=ctx.currency,
        sections=sections,
        facts=_facts(ctx),
    )


def _facts(ctx: ReportContext) -> list[tuple[str, str]]:
    period = f"{ctx.period.start.isoformat()} to {ctx.period.end.isoformat()}"
    if ctx.account is None:
        return [("Period", period), ("Currency", ctx.currency)]
    account = ctx.account
    facts = [
        ("Period", period),
        ("Plan", str(account.get("plan") or "—")),
        ("CSM", csm_name(ctx.ws, account.get("csm_id"))),
        ("Customer since", day(account.get("created_at")) or "—"),
    ]
    facts += [
        (key.capitalize(), str(account[key]))
        for key in ("industry", "country", "size")
        if account.get(key)
    ]
    return facts


def _about(ctx: ReportContext) -> Section:
    """How the numbers were made, and anything that could not be computed."""
    settings = ctx.ws.settings
    section = Section(
        key="about",
        title="About these numbers",
        intro=f"Computed by tenure from the workspace {settings.workspace.name!r} with the "
        f"{settings.metrics.preset!r} conventions preset; money in {ctx.currency}. Each figure "
        "can be explained (definition, SQL, accounts behind it) with `tenure metrics explain`.",
    )
    section.notes += [f"Could not compute {problem}" for problem in dict.fromkeys(ctx.problems)]
    return section
