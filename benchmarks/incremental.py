"""Incremental refresh: the company as it stood the day before its last day is imported and
its series refreshed whole (the full figure), then the last day — new events, tickets,
invoices, answers, and the cancellations, resolutions and payments it brought — is
imported and the series refreshed again (the incremental figure). The series are the
suite's: every catalogue metric monthly, company-wide and by plan, CSM and signup cohort.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from companies import DATA, END, company
from suite import SEGMENTS

from tenure.demo.load import import_demo
from tenure.demo.split import split_company
from tenure.metrics.catalogue import METRICS
from tenure.metrics.kept_series import Series
from tenure.workspace import Workspace


def series() -> list[Series]:
    """The suite as (key, grain, by) series (team-only metrics company-wide)."""
    found: list[Series] = []
    for metric in METRICS:
        splits = SEGMENTS if metric.segments == "accounts" else ((),)
        found.extend((metric.key, "month", by) for by in splits)
    return found


def measure(size: str, runs: int = 1) -> dict[str, Any]:
    """The median over `runs` runs of the seconds of the whole refresh, of importing the
    day and of the incremental refresh, and of their ratios (each run on a new workspace)."""
    parts = DATA / f"split-{size}"
    if not (parts / ".complete").exists():
        split_company(company(size), END, parts / "before", parts / "day")
        (parts / ".complete").touch()
    outcomes = [_run(parts) for _ in range(runs)]
    figures: dict[str, Any] = {
        name: statistics.median(o[name] for o in outcomes)
        for name in ("full_refresh_s", "day_import_s", "incremental_refresh_s")
    }
    figures["incremental_ratio"] = statistics.median(
        o["incremental_refresh_s"] / o["full_refresh_s"] for o in outcomes
    )
    # the import of the day brings the usage roll-ups up to date: part of the work
    figures["incremental_with_import_ratio"] = statistics.median(
        (o["day_import_s"] + o["incremental_refresh_s"]) / o["full_refresh_s"] for o in outcomes
    )
    report = outcomes[-1]["report"]
    return {
        "series": len(series()),
        **figures,
        "recomputed_from": str(report.recompute_from),
        "partial": len(report.partial),
        "whole": len(report.whole),
        "unchanged": len(report.unchanged),
        "starts": dict(Counter(str(start) for start in report.starts.values())),
    }


def _run(parts: Path) -> dict[str, Any]:
    """One run: the company before its last day imported and refreshed whole, then the day
    imported and the series refreshed again."""
    wanted = series()
    with tempfile.TemporaryDirectory(dir=DATA) as scratch, Workspace.init(Path(scratch)) as ws:
        import_demo(ws, parts / "before", missing_ok=True)
        started = time.perf_counter()
        ws.refresh_series(wanted)
        full = time.perf_counter() - started
        started = time.perf_counter()
        import_demo(ws, parts / "day", missing_ok=True)
        imported = time.perf_counter() - started
        started = time.perf_counter()
        _, report = ws.refresh_series(wanted)
        incremental = time.perf_counter() - started
    return {
        "full_refresh_s": full,
        "day_import_s": imported,
        "incremental_refresh_s": incremental,
        "report": report,
    }
