"""Query parameters of the metric endpoints (no `from __future__`: FastAPI reads them)."""

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal

from fastapi import HTTPException, Path, Query
from pydantic import StringConstraints

from tenure.metrics.spec import GRAINS
from tenure.server.auth.principal import Principal

Grain = Literal[GRAINS]  # type: ignore[valid-type]
Preset = Literal["default", "seed", "chartmogul", "baremetrics", "stripe", "profitwell"]
#: Segment columns that name single accounts: only roles that see every account may use them.
ACCOUNT_COLUMNS = frozenset({"account_id", "name"})
COLUMN = r"^[A-Za-z_][A-Za-z0-9_]{0,62}$"
FILTER = r"^[A-Za-z_][A-Za-z0-9_]{0,62}=[^\x00-\x1f\x7f]{0,200}$"
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"


@dataclass
class MetricParams:
    """Grain, range, segments, filters and preset of a metric request."""

    grain: Annotated[Grain, Query(description="Period grain.")] = "month"
    start: Annotated[date | None, Query(description="First day (default: the data's).")] = None
    end: Annotated[date | None, Query(description="Last day (default: today).")] = None
    by: Annotated[
        list[Annotated[str, StringConstraints(pattern=COLUMN)]] | None,
        Query(max_length=3, description="Segment columns (repeatable)."),
    ] = None
    where: Annotated[
        list[Annotated[str, StringConstraints(pattern=FILTER)]] | None,
        Query(
            max_length=10,
            description="Filters `column=value` (repeatable; repeated columns mean any of).",
        ),
    ] = None
    preset: Annotated[Preset | None, Query(description="Convention preset.")] = None

    @property
    def segments(self) -> list[str]:
        """The segment columns."""
        return list(self.by or [])

    @property
    def conventions(self) -> dict[str, str]:
        """No per-request convention overrides on the metric endpoints."""
        return {}

    def where_dict(self) -> dict[str, list[str]]:
        """The filters as column → accepted values."""
        found: dict[str, list[str]] = {}
        for item in self.where or []:
            column, _, value = item.partition("=")
            found.setdefault(column, []).append(value)
        return found

    def check_scope(self, principal: Principal) -> None:
        """Account-level segments only for roles that see every account (403 otherwise)."""
        columns = set(self.segments) | set(self.where_dict())
        if columns & ACCOUNT_COLUMNS and principal.book_only:
            raise HTTPException(403, "segmenting by account needs access to every account")


SegmentFilter = Literal["plan", "industry", "country", "size", "acquisition_channel", "team"]
#: A metric's own dimension a page splits by (a feature, a ticket severity, a survey kind).
Split = Literal["feature", "severity", "survey"]
CsatSource = Literal["surveys", "tickets"]


@dataclass
class ExplainParams:
    """The period, grain and segment filter of an explanation page."""

    key: Annotated[str, Path(max_length=80, description="Metric key.")]
    period: Annotated[date, Query(description="Any day of the period.")]
    grain: Annotated[Grain, Query()] = "month"
    segment: Annotated[SegmentFilter | None, Query()] = None
    value: Annotated[str | None, Query(max_length=200, pattern=PRINTABLE)] = None
    preset: Annotated[Preset | None, Query()] = None
    split: Annotated[Split | None, Query(description="A dimension of the metric…")] = None
    level: Annotated[
        str | None, Query(max_length=200, pattern=PRINTABLE, description="…at this level.")
    ] = None
    csat_source: Annotated[
        CsatSource | None, Query(description="CSAT from survey answers or ticket ratings.")
    ] = None

    @property
    def segments(self) -> list[str]:
        """An explanation page has no segment columns, only a filter."""
        return []

    @property
    def conventions(self) -> dict[str, str]:
        """Conventions a page's number was computed with (only the CSAT source)."""
        return {"csat_source": self.csat_source} if self.csat_source else {}

    def where_dict(self) -> dict[str, list[str]]:
        """The segment filter and the dimension level as a metric `where`."""
        found: dict[str, list[str]] = {}
        if self.segment and self.value:
            found[self.segment] = [self.value]
        if self.split and self.level:
            found[self.split] = [self.level]
        return found
