"""Query parameters shared by the API and the pages (no `from __future__`: FastAPI reads them)."""

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal

from fastapi import Query

from tenure.server.data.accounts import SORT_COLUMNS, AccountQuery

SortColumn = Literal[SORT_COLUMNS]  # type: ignore[valid-type]
#: Free text from a request: printable (control characters such as NUL are refused).
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"


@dataclass
class AccountFilters:
    """Filters, sort and page of the customer list."""

    q: Annotated[
        str | None, Query(max_length=200, pattern=PRINTABLE, description="Search name or id.")
    ] = None
    plan: Annotated[str | None, Query(max_length=200, pattern=PRINTABLE)] = None
    owner_id: Annotated[
        str | None, Query(max_length=200, pattern=PRINTABLE, description="CSM id.")
    ] = None
    industry: Annotated[str | None, Query(max_length=200, pattern=PRINTABLE)] = None
    country: Annotated[str | None, Query(max_length=200, pattern=PRINTABLE)] = None
    size: Annotated[str | None, Query(max_length=200, pattern=PRINTABLE)] = None
    health_tier: Annotated[
        Literal["red", "yellow", "green"] | None, Query(description="Health tier.")
    ] = None
    risk_band: Annotated[
        Literal["high", "medium", "low"] | None, Query(description="Churn-risk band.")
    ] = None
    sort: Annotated[SortColumn, Query(description="Column to sort on.")] = "name"
    order: Annotated[Literal["asc", "desc"], Query()] = "asc"
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0
    limit: Annotated[int, Query(ge=1, le=1000)] = 50

    def query(self, limit: int | None = None) -> AccountQuery:
        """The data-layer query (`limit=0`: every row)."""
        return AccountQuery(
            q=self.q,
            plan=self.plan,
            owner_id=self.owner_id,
            industry=self.industry,
            country=self.country,
            size=self.size,
            health_tier=self.health_tier,
            risk_band=self.risk_band,
            sort=self.sort,
            descending=self.order == "desc",
            offset=self.offset if limit is None else 0,
            limit=self.limit if limit is None else limit,
        )


#: Account attributes (and derived columns) offered by the segment pickers.
SEGMENT_COLUMNS = ("plan", "industry", "country", "size", "acquisition_channel", "team")
SegmentColumn = Literal[SEGMENT_COLUMNS]  # type: ignore[valid-type]
PageGrain = Literal["month", "quarter", "year"]


@dataclass
class KpiFilters:
    """Date range, grain and one segment filter of the KPI pages."""

    start: Annotated[date | None, Query(description="First day (default: a year back).")] = None
    end: Annotated[
        date | None,
        Query(description="Last day (default: end of the last complete month with data)."),
    ] = None
    grain: Annotated[PageGrain, Query()] = "month"
    segment: Annotated[SegmentColumn | None, Query(description="Filter on this column…")] = None
    value: Annotated[
        str | None, Query(max_length=200, pattern=PRINTABLE, description="…equal to this.")
    ] = None

    def where(self) -> dict[str, list[str]]:
        """The segment filter as a metric `where`."""
        if self.segment and self.value:
            return {self.segment: [self.value]}
        return {}
