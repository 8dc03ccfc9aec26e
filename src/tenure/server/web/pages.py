"""Dashboard routes: sign-in, one page per available view, and the upload form."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel

from tenure.config import load_settings
from tenure.server.access import ConfigDep, workspace_session
from tenure.server.api.models import ImportReportOut
from tenure.server.auth.deps import csrf_matches, require_page
from tenure.server.auth.principal import Principal
from tenure.server.auth.roles import Permission
from tenure.server.views import available_views
from tenure.server.views.endpoints import page_endpoint
from tenure.server.views.imports import build as import_page
from tenure.server.views.imports import run_import, save_upload, scratch
from tenure.server.views.registry import VIEWS, View, ViewContext
from tenure.server.web import login, ops_forms
from tenure.server.web.render import render


def render_view(
    request: Request,
    view: View,
    model: BaseModel,
    principal: Principal,
    params: Any,
    extra: dict[str, Any] | None = None,
    status: int = 200,
) -> HTMLResponse:
    """Render a view's template with its model, its charts and its parameters."""
    currency = load_settings(request.app.state.config.folder).workspace.currency
    charts = view.charts(model, currency) if view.charts else {}
    context = {
        "data": model,
        "view": view,
        "params": params,
        "charts": charts,
        "currency": currency,
        "title": view.title,
        **(extra or {}),
    }
    return render(request, view.template, context, principal, status)


Uploader = Annotated[Principal, Depends(require_page(Permission.IMPORTS))]


async def upload_form(
    request: Request,
    principal: Uploader,
    config: ConfigDep,
    table: Annotated[str, Form(max_length=40)],
    file: Annotated[UploadFile, File()],
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    format: Annotated[str, Form(max_length=10)] = "",
) -> HTMLResponse:
    """Import an uploaded file and show its quarantine report on the import page."""
    if not csrf_matches(principal, csrf_token):
        return render(request, "error.html", _forbidden(), principal, 403)
    with scratch() as folder:
        path = await save_upload(file, Path(folder), config.max_upload_bytes)

        def work() -> tuple[ImportReportOut, BaseModel]:
            with workspace_session(config.folder) as ws:
                report = run_import(ws, table, path, format or None, [])
                return report, import_page(ViewContext(ws, principal))

        report, model = await run_in_threadpool(work)
    view = VIEWS["import"]
    return render_view(request, view, model, principal, None, {"report": report})


def _forbidden() -> dict[str, Any]:
    return {"status": 403, "message": "Your form expired; reload the page and try again."}


def favicon() -> Response:
    """The tab icon."""
    return Response(status_code=307, headers={"Location": "/static/favicon.svg"})


def web_router() -> APIRouter:
    """Every dashboard route."""
    router = APIRouter(include_in_schema=False)
    router.include_router(login.router)
    router.include_router(ops_forms.router)
    router.add_api_route("/favicon.ico", favicon, methods=["GET"])
    router.add_api_route("/import", upload_form, methods=["POST"], response_model=None)
    for view in available_views():
        router.add_api_route(
            view.path, page_endpoint(view, render_view), methods=["GET"], response_model=None
        )
    return router
