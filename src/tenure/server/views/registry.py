"""The registry of dashboard views: a view = a template + a JSON twin built by one function."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from tenure.server.auth.principal import Principal
from tenure.server.auth.roles import Permission
from tenure.server.engine import has
from tenure.workspace import Workspace


@dataclass(frozen=True)
class ViewContext:
    """What a view builder may use: the open workspace and the caller."""

    ws: Workspace
    principal: Principal

    @property
    def currency(self) -> str:
        return self.ws.settings.workspace.currency


Builder = Callable[[ViewContext, Any], BaseModel]
#: Vega-Lite specs of a page's charts, by name, built from the page's model and currency.
Charts = Callable[[Any, str], dict[str, dict[str, Any]]]


@dataclass(frozen=True)
class View:
    """One dashboard page and its JSON twin at `/api/pages/{name}`.

    `params` is a dataclass of query (and path) parameters shared by both; `requires`
    names the Workspace methods the page needs: until they exist, the page is absent.
    """

    name: str
    title: str
    path: str
    template: str
    permission: Permission
    model: type[BaseModel]
    build: Builder
    params: type | None = None
    requires: tuple[str, ...] = ()
    nav: bool = True
    order: int = 100
    summary: str = ""
    api_suffix: str = field(default="")
    charts: Charts | None = None

    @property
    def available(self) -> bool:
        """True when every capability the view needs exists."""
        return all(has(capability) for capability in self.requires)

    @property
    def api_path(self) -> str:
        return f"/pages/{self.name}{self.api_suffix}"


VIEWS: dict[str, View] = {}


def register(view: View) -> View:
    """Add a view to the dashboard (and its twin to the API)."""
    VIEWS[view.name] = view
    return view


def available_views() -> list[View]:
    """The views whose capabilities exist, in navigation order."""
    return sorted((v for v in VIEWS.values() if v.available), key=lambda v: v.order)


@dataclass(frozen=True)
class NavItem:
    """One link of the navigation bar."""

    name: str
    title: str
    path: str


def navigation(principal: Principal) -> list[NavItem]:
    """The pages the caller may open."""
    return [
        NavItem(view.name, view.title, view.path)
        for view in available_views()
        if view.nav and principal.can(view.permission)
    ]
