"""The REST API: one router per resource, assembled under /api."""

from __future__ import annotations

from fastapi import APIRouter

from tenure.server.api import accounts, data, me, reports
from tenure.server.api import ops as operations
from tenure.server.api.models import ERRORS
from tenure.server.api.pages import pages_router


def build_api_router() -> APIRouter:
    """Every API route (metric routes only once the metric engine exists)."""
    from tenure.server.api import metrics

    router = APIRouter(responses=ERRORS)
    router.include_router(me.router)
    router.include_router(metrics.router_if_available())
    router.include_router(accounts.router)
    router.include_router(data.router)
    router.include_router(reports.router)
    router.include_router(operations.router)
    router.include_router(pages_router())
    return router
