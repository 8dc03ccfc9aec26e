"""Adoption: activation, engagement tiers, breadth and depth of use, and adoption per feature."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from tenure.server.api.params import KpiFilters
from tenure.server.auth.roles import Permission
from tenure.server.data.segments import segment_choices
from tenure.server.views.kpis import KpiPanel, panels, sparklines
from tenure.server.views.overview import Range, page_range
from tenure.server.views.periods import page_window
from tenure.server.views.registry import View, ViewContext, register
from tenure.server.views.series import Trend, latest_period, long_rows, trend
from tenure.server.web import charts as chart
from tenure.workspace import Workspace

PANELS = ("activation_rate", "engagement_tier", "adoption", "feature_adoption", "stickiness")
TRENDS = ("activation_rate", "engagement_tier", "adoption")
#: Engagement tiers, worst first, and their colours on the stacked bars.
TIERS = ("bad", "good", "excellent")
TIER_COLOURS = ("#c62828", "#e0a100", "#1b9e77")
#: The parts of `adoption` drawn beside its value (breadth).
ADOPTION_PARTS = {"value": "Breadth", "depth": "Depth", "key_features": "Key features"}
FEATURE = "feature"


class AdoptionPage(BaseModel):
    """The adoption page's figures."""

    range: Range
    currency: str
    choices: dict[str, list[str]]
    panels: list[KpiPanel]
    trends: list[Trend] = Field(description="Activation, engagement tiers, adoption per period.")
    features: Trend = Field(description="Adoption of each feature per period.")
    feature_names: dict[str, str] = Field(description="Feature key → its display name.")
    latest: str | None = Field(None, description="The period the feature table shows.")


def feature_names(ws: Workspace) -> dict[str, str]:
    """Feature key → name from the features catalogue (the key when it has no name)."""
    features = ws.table("features")
    if "name" not in features.columns:
        return {}
    rows = features.select(FEATURE, "name").to_pyarrow().to_pylist()
    return {str(row[FEATURE]): str(row["name"] or row[FEATURE]) for row in rows}


def build(context: ViewContext, filters: KpiFilters) -> AdoptionPage:
    """The adoption page."""
    ws = context.ws
    window = page_window(ws, filters)
    features = trend(ws, filters, window, "feature_adoption", by=(FEATURE,))
    return AdoptionPage(
        range=page_range(filters, window),
        currency=context.currency,
        choices=segment_choices(ws),
        panels=panels(ws, PANELS, filters, *window),
        trends=[trend(ws, filters, window, key) for key in TRENDS],
        features=features,
        feature_names=feature_names(ws),
        latest=latest_period(features),
    )


def charts(model: AdoptionPage, currency: str) -> dict[str, dict[str, Any]]:
    """Tier mix as stacked bars, activation and adoption lines, features ranked."""
    named = {item.key: item for item in model.trends}
    found = sparklines(model.panels)
    if "engagement_tier" in named and named["engagement_tier"].rows:
        found["tiers"] = _tiers(named["engagement_tier"])
    lines = [named[key] for key in ("activation_rate",) if key in named]
    if "adoption" in named:
        lines += [_part(named["adoption"], part, label) for part, label in ADOPTION_PARTS.items()]
    rows = long_rows(lines)
    if rows:
        found["usage"] = chart.line(rows, "value", "ratio", "Activation and adoption", "metric")
    latest = [
        row
        for row in model.features.rows
        if row["period"] == model.latest and row.get("value") is not None
    ]
    if latest:
        ranked = [_feature(row, model.feature_names) for row in latest]
        found["features"] = chart.ranking(
            ranked, "value", "name", "ratio", "Adoption of each feature in the latest period"
        )
    return found


def _tiers(item: Trend) -> dict[str, Any]:
    rows = [
        {"period": row["period"], "tier": tier, "share": row.get(tier)}
        for row in item.rows
        for tier in TIERS
        if row.get(tier) is not None
    ]
    return chart.bars(
        rows,
        "share",
        "ratio",
        "Share of paying customers in each engagement tier per period",
        color="tier",
        order=TIERS,
        colors=TIER_COLOURS,
    )


def _part(item: Trend, part: str, label: str) -> Trend:
    rows = [{"period": row["period"], "value": row.get(part)} for row in item.rows]
    return item.model_copy(update={"name": f"Adoption: {label.lower()}", "rows": rows})


def _feature(row: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    key = str(row.get(FEATURE))
    return {"name": names.get(key, key), "value": row.get("value")}


register(
    View(
        name="adoption",
        title="Adoption",
        path="/adoption",
        template="adoption.html",
        permission=Permission.KPIS,
        model=AdoptionPage,
        build=build,
        params=KpiFilters,
        requires=("metric",),
        order=36,
        charts=charts,
        summary="Activation rate, engagement tiers, breadth and depth of use, feature adoption.",
    )
)
