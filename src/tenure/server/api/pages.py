"""The JSON twin of every dashboard page: GET /api/pages/{name} returns what the page shows."""

from __future__ import annotations

from fastapi import APIRouter

from tenure.server.views import available_views
from tenure.server.views.endpoints import api_endpoint


def pages_router() -> APIRouter:
    """One route per available view."""
    router = APIRouter(tags=["pages"])
    for view in available_views():
        router.add_api_route(
            view.api_path,
            api_endpoint(view),
            methods=["GET"],
            response_model=view.model,
            summary=f"{view.title} page (JSON twin)",
        )
    return router
