"""Metrics: the catalogue, any metric with grain, range, segments and filters; explain; cohorts."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["metrics"])


def router_if_available() -> APIRouter:
    """The metric routes (placeholder until the engine lands)."""
    return router
