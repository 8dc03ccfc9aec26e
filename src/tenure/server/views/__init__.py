"""Dashboard pages as data: each view builds one model that the page renders and the API returns.

Importing this package registers every built-in view; a later capability adds a module
here that calls `register(View(...))` with `requires=("its_workspace_method",)`.
"""

from tenure.server.views import (
    account,
    adoption,
    customers,
    experience,
    explain,
    goals,
    health,
    imports,
    overview,
    revenue,
    support,
    tasks,
    team,
)
from tenure.server.views.registry import VIEWS, View, ViewContext, available_views, register

__all__ = [
    "VIEWS",
    "View",
    "ViewContext",
    "account",
    "adoption",
    "available_views",
    "customers",
    "experience",
    "explain",
    "goals",
    "health",
    "imports",
    "overview",
    "register",
    "revenue",
    "support",
    "tasks",
    "team",
]
