"""Response models of the API (they make the OpenAPI schema that clients and tests rely on)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class Me(BaseModel):
    """The caller."""

    name: str
    role: str
    csm_id: str | None = None
    via: str = Field(description="`session` (cookie) or `token`.")
    permissions: list[str]


class AccountRow(BaseModel):
    """One line of the customer list."""

    account_id: str
    name: str | None = None
    plan: str | None = None
    industry: str | None = None
    country: str | None = None
    size: str | None = None
    created_at: str | None = None
    owner_id: str | None = Field(None, description="The owning CSM (current assignment).")
    owner_name: str | None = None
    renewal_at: str | None = Field(None, description="Next contract term end of an active plan.")
    mrr: float | None = Field(None, description="Current MRR (from the metric engine).")
    health_score: float | None = Field(None, description="Health score 0–100 (paying only).")
    health_tier: str | None = Field(None, description="red, yellow or green.")
    risk_probability: float | None = Field(None, description="P(churn within the horizon).")
    risk_band: str | None = Field(None, description="low, medium or high churn risk.")


class AccountList(BaseModel):
    """A page of the customer list."""

    total: int = Field(description="Accounts matching the filters, on every page.")
    offset: int
    limit: int
    rows: list[AccountRow]


class AccountDetail(BaseModel):
    """An account with its whole timeline (newest first; usage oldest month first)."""

    account: dict[str, Any]
    owner_id: str | None = None
    owner_name: str | None = None
    subscriptions: list[dict[str, Any]]
    mrr: list[dict[str, Any]] = Field(
        default_factory=list, description="Monthly MRR of the account (from the metric engine)."
    )
    usage: list[dict[str, Any]]
    tickets: list[dict[str, Any]]
    surveys: list[dict[str, Any]]
    touchpoints: list[dict[str, Any]]
    assignments: list[dict[str, Any]]
    health: dict[str, Any] | None = Field(
        None, description="Health breakdown: score, tier, trend, groups and measures."
    )
    risk: dict[str, Any] | None = Field(
        None, description="Churn risk: probability, band and the drivers raising it."
    )
    risk_problem: str | None = Field(None, description="Why churn risk is not shown.")


class RefusalOut(BaseModel):
    """A refused row."""

    line: int
    column: str
    value: str | None = None
    reason: str


class ImportReportOut(BaseModel):
    """What an import read, wrote and refused (the same report as `tenure import`)."""

    import_id: str
    table: str
    file: str
    format: str
    rows_read: int
    inserted: int
    updated: int
    unchanged: int
    quarantined: int
    attributes: list[str]
    first_refusals: list[RefusalOut]


class QuarantineRow(BaseModel):
    """A row an import refused."""

    table_name: str
    file: str
    line: int
    column: str
    value: str | None = None
    reason: str
    record: str | None = None
    imported_at: str | None = None


class ImportLogRow(BaseModel):
    """One past import."""

    import_id: str
    table_name: str
    file: str
    format: str
    started_at: str | None = None
    finished_at: str | None = None
    rows_read: int
    inserted: int
    updated: int
    unchanged: int
    quarantined: int


class TableStatusOut(BaseModel):
    """Rows, refused rows and date coverage of one table."""

    table: str
    rows: int
    quarantined: int
    first: str | None = None
    last: str | None = None
    date_column: str | None = None


class StatusOut(BaseModel):
    """The workspace at a glance."""

    name: str
    backend: str
    tables: list[TableStatusOut]


class ConfigOut(BaseModel):
    """The workspace settings (`tenure.toml`), with any password in the backend URL redacted."""

    settings: dict[str, Any]


class Problem(BaseModel):
    """Why a request failed."""

    detail: str


#: The error answers every API route may give, documented once for all.
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Problem, "description": "The request cannot be answered (bad input)."},
    401: {"model": Problem, "description": "Authentication required."},
    403: {"model": Problem, "description": "Your role may not do this."},
    404: {"model": Problem, "description": "Not found, or outside your scope."},
    413: {"model": Problem, "description": "Upload too large."},
    503: {"model": Problem, "description": "Workspace busy (another process writes to it)."},
}
