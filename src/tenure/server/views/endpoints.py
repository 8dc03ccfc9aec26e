"""Turn a View into FastAPI endpoints: its page and its JSON twin share one builder.

Endpoints get explicit signatures so FastAPI sees the view's own parameters; the caller
is resolved first, so an anonymous request never opens the workspace.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from tenure.server.access import WorkspaceDep
from tenure.server.auth.deps import require, require_page
from tenure.server.auth.principal import Principal
from tenure.server.views.registry import View, ViewContext
from tenure.workspace import Workspace

KEYWORD = inspect.Parameter.KEYWORD_ONLY


def _parameters(view: View, guard: Callable[..., Principal]) -> list[inspect.Parameter]:
    params = [
        inspect.Parameter("request", KEYWORD, annotation=Request),
        inspect.Parameter("principal", KEYWORD, annotation=Annotated[Principal, Depends(guard)]),
        inspect.Parameter("ws", KEYWORD, annotation=WorkspaceDep),
    ]
    if view.params is not None:
        annotation = Annotated[view.params, Depends(view.params)]  # type: ignore[name-defined]
        params.append(inspect.Parameter("params", KEYWORD, annotation=annotation))
    return params


def build_model(view: View, ws: Workspace, principal: Principal, params: Any) -> BaseModel:
    """Run the view's builder."""
    return view.build(ViewContext(ws, principal), params)


def api_endpoint(view: View) -> Callable[..., BaseModel]:
    """The JSON twin: GET /api/pages/{name} returns the view's model."""

    def endpoint(
        *, request: Request, principal: Principal, ws: Workspace, params: Any = None
    ) -> BaseModel:
        return build_model(view, ws, principal, params)

    signature = inspect.Signature(
        _parameters(view, require(view.permission)), return_annotation=view.model
    )
    endpoint.__signature__ = signature  # type: ignore[attr-defined]
    endpoint.__name__ = f"page_{view.name}"
    endpoint.__doc__ = view.summary or view.title
    return endpoint


Renderer = Callable[[Request, View, BaseModel, Principal, Any], HTMLResponse]


def page_endpoint(view: View, render: Renderer) -> Callable[..., HTMLResponse]:
    """The page: GET {view.path} renders the view's template with the same model."""

    def endpoint(
        *, request: Request, principal: Principal, ws: Workspace, params: Any = None
    ) -> HTMLResponse:
        model = build_model(view, ws, principal, params)
        return render(request, view, model, principal, params)

    signature = inspect.Signature(
        _parameters(view, require_page(view.permission)), return_annotation=HTMLResponse
    )
    endpoint.__signature__ = signature  # type: ignore[attr-defined]
    endpoint.__name__ = f"web_{view.name}"
    return endpoint
