"""Warm the result cache at start: the default KPI pages are then quick from the first visit.

Runs in a background thread with a short-lived workspace connection per page, so it
never holds the DuckDB file for long (see `access`); any failure only costs the warm-up.
The thread runs at a lower CPU priority, so requests served meanwhile are not slowed by it.
"""

from __future__ import annotations

import logging
import os
import sys
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


#: How much lower the warm-up thread's scheduling priority is (Unix nice increment).
NICENESS = 10


def lower_priority() -> None:
    """Let live requests go first: lower this thread's CPU priority (Linux, where a
    thread has its own; the database threads it starts inherit it). Best effort."""
    setpriority = getattr(os, "setpriority", None)
    if setpriority is None or not sys.platform.startswith("linux"):
        return
    try:
        thread = threading.get_native_id()
        setpriority(os.PRIO_PROCESS, thread, os.getpriority(os.PRIO_PROCESS, thread) + NICENESS)
    except OSError as error:
        log.debug("warm-up priority unchanged: %s", error)


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


def warm_quietly(folder: Path) -> None:
    """Warm the cache at a lower priority than the requests served meanwhile."""
    lower_priority()
    warm(folder)


def start_warmup(folder: Path) -> threading.Thread:
    """Warm the cache in a daemon thread."""
    thread = threading.Thread(
        target=warm_quietly, args=(folder,), name="tenure-warmup", daemon=True
    )
    thread.start()
    return thread
