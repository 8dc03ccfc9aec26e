"""Revenue: MRR movements, MRR/ARR trend, churn rates, NRR/GRR, cohort retention."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from tenure.metrics.catalogue import CATALOGUE
from tenure.metrics.spec import MOVEMENT_COLUMNS
from tenure.server.api.params import KpiFilters
from tenure.server.auth.roles import Permission
from tenure.server.data.segments import segment_choices
from tenure.server.engine import cached, frame_rows, has
from tenure.server.views.kpis import explain_url, query_for, series
from tenure.server.views.overview import Range, page_range
from tenure.server.views.periods import page_window
from tenure.server.views.registry import View, ViewContext, register
from tenure.server.web import charts as chart
from tenure.workspace import Workspace

CHURN_KEYS = ("logo_churn_rate", "gross_mrr_churn_rate", "net_mrr_churn_rate")
RETENTION_KEYS = ("nrr", "grr")
#: Movement → the catalogue metric that explains it.
MOVEMENT_METRICS = {
    "new": "new_mrr",
    "expansion": "expansion_mrr",
    "reactivation": "reactivation_mrr",
    "contraction": "contraction_mrr",
    "churned": "churned_mrr",
    "start": "mrr",
    "end": "mrr",
}
GAINS = ("new", "expansion", "reactivation")
LOSSES = ("contraction", "churned")
MOVEMENT_COLOURS = ("#3346c9", "#1b9e77", "#7570b3", "#e6a23c", "#b3261e")


class Series(BaseModel):
    """A metric over the periods of the page."""

    key: str
    name: str
    unit: str
    rows: list[dict[str, Any]]


class CohortCell(BaseModel):
    """One cell of a cohort table."""

    cohort: str
    age: int
    value: float | None


class RevenuePage(BaseModel):
    """The revenue page's figures."""

    range: Range
    currency: str
    choices: dict[str, list[str]]
    movements: list[dict[str, Any]] = Field(description="Per period: start, new, …, end.")
    mrr: Series
    arr: Series
    churn: list[Series]
    retention: list[Series]
    cohorts: list[CohortCell]
    explain: dict[str, dict[str, str]] = Field(
        default_factory=dict, description="Metric → period → explanation link."
    )
    restated: list[dict[str, Any]] = Field(
        default_factory=list,
        description="MRR per month as reported then (snapshots) beside as restated now.",
    )


def _series(ws: Workspace, key: str, filters: KpiFilters, start: date, end: date) -> Series:
    metric = CATALOGUE[key]
    rows = series(ws, query_for(key, filters, start, end))
    return Series(key=key, name=metric.name, unit=metric.unit, rows=rows)


def cohort_cells(ws: Workspace, filters: KpiFilters, start: date, end: date) -> list[CohortCell]:
    """Logo retention by monthly cohort (empty until the cohort engine exists)."""
    if not has("cohorts"):
        return []
    where = filters.where() or None

    def compute() -> list[dict[str, Any]]:
        frame = ws.cohorts(kind="logo", start=start, end=end, where=where)  # type: ignore[attr-defined,unused-ignore]
        return frame_rows(frame)

    rows = cached(ws, "cohorts", (start, end, str(where)), compute)
    return [_cell(row) for row in rows]


def _cell(row: dict[str, Any]) -> CohortCell:
    age = row.get("age", row.get("month", row.get("period_number", 0)))
    value = row.get("value", row.get("retention"))
    return CohortCell(cohort=str(row.get("cohort", ""))[:7], age=int(age or 0), value=value)


def _links(model_rows: list[Series], filters: KpiFilters) -> dict[str, dict[str, str]]:
    links: dict[str, dict[str, str]] = {}
    for item in model_rows:
        for row in item.rows:
            url = explain_url(item.key, str(row["period"]), filters)
            if url:
                links.setdefault(item.key, {})[str(row["period"])] = url
    return links


def build(context: ViewContext, filters: KpiFilters) -> RevenuePage:
    """The revenue page."""
    ws = context.ws
    start, end = page_window(ws, filters)
    movements = _series(ws, "mrr_movements", filters, start, end)
    churn = [_series(ws, key, filters, start, end) for key in CHURN_KEYS]
    retention = [_series(ws, key, filters, start, end) for key in RETENTION_KEYS]
    mrr, arr = (_series(ws, key, filters, start, end) for key in ("mrr", "arr"))
    components = [
        Series(key=key, name=key, unit="currency", rows=movements.rows)
        for key in dict.fromkeys(MOVEMENT_METRICS.values())
    ]
    return RevenuePage(
        range=page_range(filters, (start, end)),
        currency=context.currency,
        choices=segment_choices(ws),
        movements=[
            {k: row.get(k) for k in ("period", *MOVEMENT_COLUMNS)} for row in movements.rows
        ],
        mrr=mrr,
        arr=arr,
        churn=churn,
        retention=retention,
        cohorts=cohort_cells(ws, filters, start, end),
        explain=_links([*components, *churn, *retention, arr], filters),
        restated=restated_mrr(ws, filters, start, end),
    )


def restated_mrr(
    ws: Workspace, filters: KpiFilters, start: date, end: date
) -> list[dict[str, Any]]:
    """Company MRR as the snapshots reported it beside the value now (no segment filter:
    snapshots are company-wide)."""
    if filters.where() or not has("restatements"):
        return []
    return frame_rows(ws.restatements("mrr", start=start, end=end))


def charts(model: RevenuePage, currency: str) -> dict[str, dict[str, Any]]:
    """Movements as stacked bars, MRR trend, churn and retention lines, cohort heatmap."""
    stacked = [
        {"period": row["period"], "movement": name, "mrr": sign * float(row[name] or 0)}
        for row in model.movements
        for name, sign in [*((g, 1) for g in GAINS), *((loss, -1) for loss in LOSSES)]
    ]
    found = {
        "movements": chart.bars(
            stacked,
            "mrr",
            "currency",
            "MRR movements per period: gains above zero, losses below",
            color="movement",
            order=(*GAINS, *LOSSES),
            colors=MOVEMENT_COLOURS,
        ),
        "mrr": chart.line(model.mrr.rows, "value", "currency", "MRR at the end of each period"),
        "churn": chart.line(_long(model.churn), "value", "ratio", "Churn rates", series="metric"),
        "retention": chart.line(
            _long(model.retention),
            "value",
            "ratio",
            "Net and gross revenue retention",
            "metric",
            zero=False,
        ),
    }
    if model.cohorts:
        cells = [cell.model_dump() for cell in model.cohorts]
        found["cohorts"] = chart.heatmap(
            cells, "age", "cohort", "value", "Logo retention by monthly cohort"
        )
    return found


def _long(items: list[Series]) -> list[dict[str, Any]]:
    return [
        {"period": row["period"], "metric": item.name, "value": row.get("value")}
        for item in items
        for row in item.rows
    ]


register(
    View(
        name="revenue",
        title="Revenue",
        path="/revenue",
        template="revenue.html",
        permission=Permission.KPIS,
        model=RevenuePage,
        build=build,
        params=KpiFilters,
        requires=("metric",),
        order=20,
        charts=charts,
        summary="MRR movements, MRR/ARR, churn rates, NRR/GRR and cohort retention.",
    )
)
