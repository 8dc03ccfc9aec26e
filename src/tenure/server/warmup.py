"""Warm the result cache at start: the default KPI pages are then quick from the first visit.

Runs in a background thread with a short-lived workspace connection per page, so it
never holds the DuckDB file for long (see `access`); any failure only costs the warm-up.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tenure.server.access import workspace_session
from tenure.server.api.params import AccountFilters, KpiFilters
from tenure.server.auth.principal import Principal
from tenure.server.auth.roles import Role
from tenure.server.views.registry import VIEWS, ViewContext

log = logging.getLogger("tenure.server")
#: The views warmed, with their default parameters.
DEFAULTS: dict[str, Callable[[], Any]] = {
    "overview": KpiFilters,
    "revenue": KpiFilters,
    "customers": AccountFilters,
    "experience": KpiFilters,
    "support": KpiFilters,
    "adoption": KpiFilters,
}


def warm(folder: Path) -> None:
    """Build each default page once (results land in the engine cache)."""
    principal = Principal("warm-up", Role.ADMIN)
    for name, params in DEFAULTS.items():
        view = VIEWS.get(name)
        if view is None or not view.available:
            continue
        try:
            with workspace_session(folder) as ws:
                view.build(ViewContext(ws, principal), params())
        except Exception as error:  # a warm-up failure must never stop the server
            log.warning("warm-up of %s skipped: %s", name, error)


def start_warmup(folder: Path) -> threading.Thread:
    """Warm the cache in a daemon thread."""
    thread = threading.Thread(target=warm, args=(folder,), name="tenure-warmup", daemon=True)
    thread.start()
    return thread
