"""Review packs and metric history: the executive review pack as PDF or HTML, and a
metric's values as reported then beside the same values as restated now."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from tenure.metrics.catalogue import CATALOGUE
from tenure.reports.pack import ReportError
from tenure.reports.period import PeriodError
from tenure.server.access import WorkspaceDep
from tenure.server.auth.deps import require
from tenure.server.auth.principal import Principal
from tenure.server.auth.roles import Permission
from tenure.server.data.scope import can_see
from tenure.server.engine import frame_rows
from tenure.workspace import Workspace

router = APIRouter(tags=["reports"])
Everyone = Annotated[Principal, Depends(require(Permission.ALL_ACCOUNTS))]
AccountReader = Annotated[Principal, Depends(require(Permission.ACCOUNTS))]
KpiReader = Annotated[Principal, Depends(require(Permission.KPIS))]
PeriodQuery = Annotated[
    str | None,
    Query(max_length=10, description="2025-Q1, 2025-03 or 2025 (default: last complete quarter)."),
]
FormatQuery = Annotated[Literal["pdf", "html"], Query(description="pdf or html.")]
MEDIA = {"pdf": "application/pdf", "html": "text/html; charset=utf-8"}
FILE: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {
            "application/pdf": {"schema": {"type": "string", "format": "binary"}},
            "text/html": {"schema": {"type": "string"}},
        }
    }
}


def _pack(ws: Workspace, account_id: str | None, period: str | None, format: str) -> Response:
    try:
        content = ws.review_pack(account_id, period, format)
    except (PeriodError, ReportError) as error:
        raise HTTPException(400, str(error)) from None
    name = f"review-{account_id or 'company'}-{period or 'latest'}.{format}"
    disposition = "attachment" if format == "pdf" else "inline"
    return Response(
        content,
        media_type=MEDIA[format],
        headers={"Content-Disposition": f'{disposition}; filename="{name}"'},
    )


@router.get("/reports/company", response_class=Response, responses=FILE)
def company_pack(
    principal: Everyone, ws: WorkspaceDep, period: PeriodQuery = None, format: FormatQuery = "pdf"
) -> Response:
    """The company's executive review pack (it names accounts: managers and admins only)."""
    return _pack(ws, None, period, format)


@router.get("/reports/accounts/{account_id}", response_class=Response, responses=FILE)
def account_pack(
    principal: AccountReader,
    ws: WorkspaceDep,
    account_id: Annotated[str, Path(max_length=200, pattern=r"^[^\x00-\x1f\x7f/]+$")],
    period: PeriodQuery = None,
    format: FormatQuery = "pdf",
) -> Response:
    """One account's executive business review pack (a CSM: accounts of their book)."""
    if not can_see(ws, principal, account_id):
        raise HTTPException(404, f"no account {account_id!r} in your scope")
    return _pack(ws, account_id, period, format)


class Restatements(BaseModel):
    """A metric per month as first reported after the month closed (or in one snapshot)
    beside the value computed now."""

    metric: str
    measure: str
    snapshot: date | None
    rows: list[dict[str, Any]] = Field(
        description="period, reported, reported_on, restated, change, restated_flag"
    )


@router.get("/history/{key}", response_model=Restatements)
def restatements(
    principal: KpiReader,
    ws: WorkspaceDep,
    key: Annotated[str, Path(max_length=100)],
    measure: Annotated[str, Query(max_length=40)] = "value",
    snapshot: Annotated[date | None, Query(description="One snapshot day.")] = None,
) -> Restatements:
    """As reported then (from `tenure snapshot`) beside as restated now."""
    if key not in CATALOGUE:
        raise HTTPException(404, f"unknown metric {key!r}; GET /api/metrics lists them")
    frame = ws.restatements(key, measure, snapshot)
    return Restatements(metric=key, measure=measure, snapshot=snapshot, rows=frame_rows(frame))
