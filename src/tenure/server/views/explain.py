"""Explain: a number's definition, formula, conventions, SQL and the accounts behind it."""

from __future__ import annotations

from fastapi import HTTPException

from tenure.metrics.catalogue import CATALOGUE
from tenure.server.api.metric_params import ExplainParams
from tenure.server.auth.roles import Permission
from tenure.server.explaining import Explanation, explanation_for
from tenure.server.views.registry import View, ViewContext, register


def build(context: ViewContext, params: ExplainParams) -> Explanation:
    """The explanation page of one metric in one period."""
    if params.key not in CATALOGUE:
        raise HTTPException(404, f"unknown metric {params.key!r}")
    return explanation_for(context.ws, context.principal, params.key, params.period, params)


register(
    View(
        name="explain",
        title="Explanation",
        path="/explain/{key}",
        template="explain.html",
        permission=Permission.KPIS,
        model=Explanation,
        build=build,
        params=ExplainParams,
        requires=("explain",),
        nav=False,
        api_suffix="/{key}",
        summary="How a number was computed: definition, formula, conventions, SQL, accounts.",
    )
)
