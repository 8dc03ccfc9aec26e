"""Metrics: the catalogue, any metric with grain, range, segments and filters; explain; cohorts."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import BaseModel, Field

from tenure.metrics.catalogue import CATALOGUE, METRICS
from tenure.metrics.spec import Metric
from tenure.server.access import WorkspaceDep
from tenure.server.api.bounds import check_range
from tenure.server.api.metric_params import MetricParams
from tenure.server.auth.deps import require
from tenure.server.auth.principal import Principal
from tenure.server.auth.roles import Permission
from tenure.server.engine import MetricQuery, cached, frame_rows, has, metric_rows, where_tuple
from tenure.server.explaining import Explanation, explanation_for

Reader = Annotated[Principal, Depends(require(Permission.KPIS))]
Params = Annotated[MetricParams, Depends(MetricParams)]


class MetricInfo(BaseModel):
    """A catalogue entry: what a metric means and how it is measured."""

    key: str
    name: str
    description: str
    formula: str
    unit: str
    direction: str
    kind: str
    tables: list[str]
    conventions: list[str]
    columns: list[str] = Field(default_factory=list)


class MetricResult(BaseModel):
    """A tidy metric result: one row per period (and segment)."""

    metric: MetricInfo
    grain: str
    start: date | None
    end: date | None
    by: list[str]
    where: dict[str, list[str]]
    rows: list[dict[str, Any]]


def info(metric: Metric) -> MetricInfo:
    """The API shape of a catalogue entry."""
    return MetricInfo(
        key=metric.key,
        name=metric.name,
        description=metric.description,
        formula=metric.formula,
        unit=metric.unit,
        direction=metric.direction,
        kind=metric.kind,
        tables=list(metric.tables),
        conventions=list(metric.conventions),
        columns=list(metric.columns),
    )


def known(key: str) -> Metric:
    """The catalogue entry `key` (404 otherwise)."""
    if key not in CATALOGUE:
        raise HTTPException(404, f"unknown metric {key!r}; GET /api/metrics lists them")
    return CATALOGUE[key]


def catalogue_routes(router: APIRouter) -> None:
    """GET /metrics: the catalogue."""

    @router.get("/metrics", response_model=list[MetricInfo])
    def catalogue(principal: Reader) -> list[MetricInfo]:
        """Every metric: key, name, definition, formula, unit, direction, conventions."""
        return [info(metric) for metric in METRICS]


def metric_routes(router: APIRouter) -> None:
    """GET /metrics/{key}: any catalogue metric."""

    @router.get("/metrics/{key}", response_model=MetricResult)
    def metric(key: str, principal: Reader, ws: WorkspaceDep, params: Params) -> MetricResult:
        """A metric for a grain, range, segments and filters (rates are fractions)."""
        entry = known(key)
        params.check_scope(principal)
        check_range(params.start, params.end, params.grain)
        where = params.where_dict()
        query = MetricQuery(
            key,
            params.grain,
            params.start,
            params.end,
            tuple(params.segments),
            where_tuple(where),
            params.preset,
        )
        return MetricResult(
            metric=info(entry),
            grain=params.grain,
            start=params.start,
            end=params.end,
            by=params.segments,
            where=where,
            rows=metric_rows(ws, query),
        )


def explain_routes(router: APIRouter) -> None:
    """GET /metrics/{key}/explain: how one period's value was computed."""

    @router.get("/metrics/{key}/explain", response_model=Explanation)
    def explain(
        key: str,
        principal: Reader,
        ws: WorkspaceDep,
        params: Params,
        period: Annotated[date, Query(description="Any day of the period to explain.")],
    ) -> Explanation:
        """Definition, SQL, conventions, numerator/denominator and the accounts behind it.

        Accounts are listed only to roles that may see them (a CSM: their own book).
        """
        known(key)
        params.check_scope(principal)
        return explanation_for(ws, principal, key, period, params)


class CohortResult(BaseModel):
    """A cohort table in long form: one row per cohort × age."""

    kind: str
    rows: list[dict[str, Any]]


def cohort_routes(router: APIRouter) -> None:
    """GET /cohorts: cohort retention tables."""

    @router.get("/cohorts", response_model=CohortResult)
    def cohorts(
        principal: Reader,
        ws: WorkspaceDep,
        kind: Annotated[Literal["logo", "revenue"], Query()] = "logo",
        source: Annotated[Literal["auto", "subscriptions", "invoices"], Query()] = "auto",
        start: Annotated[date | None, Query()] = None,
        end: Annotated[date | None, Query()] = None,
    ) -> CohortResult:
        """Logo or revenue retention of each signup cohort by age."""
        check_range(start, end, "month")
        request = (kind, source, start, end)

        def compute() -> list[dict[str, Any]]:
            frame = ws.cohorts(kind=kind, source=source, start=start, end=end)  # type: ignore[attr-defined,unused-ignore]
            return frame_rows(frame)

        return CohortResult(kind=kind, rows=cached(ws, "cohorts-api", request, compute))


def router_if_available() -> APIRouter:
    """The metric routes whose engine capabilities exist."""
    router = APIRouter(tags=["metrics"])
    catalogue_routes(router)
    if has("explain"):
        explain_routes(router)
    if has("metric"):
        metric_routes(router)
    if has("cohorts"):
        cohort_routes(router)
    return router
