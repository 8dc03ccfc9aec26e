"""`tenure refresh`: import new files from the inbox, recompute, snapshot, alert, notify.

Safe to run from cron: runs of one workspace never overlap (`tenure.ops.lock`), each run
is logged (`tenure.ops.runlog`), a file is imported once whatever its name (content
hash), and a run that finds no new data and today's snapshot already taken computes
nothing ("up-to-date").
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tenure.config import CONFIG_FILE, load_settings
from tenure.history.read import snapshot_dates
from tenure.ops import runlog
from tenure.ops.inbox import DONE, FAILED, InboxFile, file_away, pending, sha256
from tenure.ops.lock import refresh_lock
from tenure.ops.notify import notify
from tenure.ops.runlog import Run, now
from tenure.storage.store import IMPORTS_TABLE
from tenure.workspace import Workspace


@dataclass(frozen=True)
class RefreshOptions:
    """How to run: lock wait (None: the workspace's setting), snapshot day, force."""

    wait: float | None = None
    day: date | None = None
    force: bool = False


def refresh(folder: Path, options: RefreshOptions | None = None) -> Run:
    """One refresh of the workspace in `folder`; raises `RefreshBusy` if another holds it."""
    options = options or RefreshOptions()
    requested = now()
    settings = load_settings(folder)
    wait = settings.refresh.lock_wait_seconds if options.wait is None else options.wait
    with refresh_lock(folder, wait), Workspace.open(folder) as ws:
        runlog.prepare(ws)
        run = Run(uuid.uuid4().hex[:12], requested, now())
        runlog.save(ws, run)
        try:
            _steps(ws, run, folder / settings.refresh.inbox, options)
        except Exception as error:  # the run is logged as failed, with the reason
            run.status, run.error = "error", _join(run.error, f"{type(error).__name__}: {error}")
        finally:
            run.finished_at = now()
            runlog.save(ws, run)
    return run


def _steps(ws: Workspace, run: Run, inbox: Path, options: RefreshOptions) -> None:
    imported = import_inbox(ws, inbox, run)
    built = ws.build_rollups()
    if built:
        run.steps.append(f"usage roll-ups built from every event: {', '.join(built)}")
    day = options.day or date.today()
    version = data_version(ws)
    run.data_version = version
    if not imported and not options.force and up_to_date(ws, version, day):
        run.status = "up-to-date"
        run.steps.append(f"no new data and the snapshot of {day} exists: nothing computed")
        return
    report = ws.snapshot(day)
    run.snapshot_date = day
    scores = ", ".join(f"{n} {kind}" for kind, n in report.scores.items()) or "no scores"
    run.steps.append(f"snapshot {day}: {report.metric_values} metric values, {scores}")
    run.steps += [f"snapshot: {problem}" for problem in report.problems]
    try:
        run.steps += run_alerts(ws, day)
    except Exception as error:  # the snapshot is kept; the failure is logged on the run
        run.error = _join(run.error, f"alerts: {type(error).__name__}: {error}")
    run.status = "error" if run.error else "ok"
    try:
        run.steps += notify(ws.settings.refresh.webhooks_env, summary(run))
    except Exception as error:  # a webhook never undoes the run; the failure is logged
        run.steps.append(f"webhooks: failed ({type(error).__name__})")


def import_inbox(ws: Workspace, inbox: Path, run: Run) -> int:
    """Import every new inbox file (filed away after); returns how many were imported."""
    files, ignored = pending(inbox)
    run.steps += [f"ignored {path.name}: its name names no table" for path in ignored]
    known = runlog.imported_hashes(ws)
    imported = 0
    for item in files:
        imported += import_one(ws, item, run, known)
    run.files = imported
    return imported


def import_one(ws: Workspace, item: InboxFile, run: Run, known: set[str]) -> int:
    """Import one file unless its content was imported before; 1 if it was imported."""
    digest = sha256(item.path)
    row: dict[str, object] = {"run_id": run.run_id, "file": item.path.name, "sha256": digest}
    row |= {"table_name": item.table, "source": item.source, "rows": 0}
    if digest in known:
        runlog.record_file(ws, {**row, "status": "duplicate"})
        file_away(item.path, DONE, run.run_id)
        run.steps.append(f"{item.path.name}: already imported (same content), skipped")
        return 0
    try:
        reports = (
            ws.import_source(item.source, item.path, item.table)
            if item.source
            else [ws.import_file(item.table, item.path)]
        )
    except Exception as error:  # a bad file is filed away with its reason; others go on
        reason = f"{type(error).__name__}: {error}"
        runlog.record_file(ws, {**row, "status": "failed", "error": reason})
        file_away(item.path, FAILED, run.run_id)
        run.error = _join(run.error, f"{item.path.name}: {reason}")
        return 0
    rows = sum(report.rows_read for report in reports)
    refused = sum(report.quarantined for report in reports)
    runlog.record_file(ws, {**row, "rows": rows, "status": "imported"})
    known.add(digest)
    file_away(item.path, DONE, run.run_id)
    run.rows += rows
    run.steps.append(f"{item.path.name} → {item.table}: {rows:,} rows, {refused:,} quarantined")
    return 1


def data_version(ws: Workspace) -> str:
    """Changes whenever an import lands or the settings change."""
    log = ws.store.table(IMPORTS_TABLE)
    stats = log.aggregate(n=log.count(), last=log.finished_at.max()).to_pyarrow().to_pylist()[0]
    config = ws.folder / CONFIG_FILE
    mtime = config.stat().st_mtime_ns if config.exists() else 0
    return f"{stats['n']}|{stats['last']}|{mtime}"


def up_to_date(ws: Workspace, version: str, day: date) -> bool:
    """True when the last good run saw this data and the day's snapshot exists."""
    last = runlog.last_success(ws)
    if last is None or last["data_version"] != version:
        return False
    taken = snapshot_dates(ws)
    return any(str(value)[:10] == day.isoformat() for value in taken["snapshot_date"])


def run_alerts(ws: Workspace, day: date) -> list[str]:
    """Run the alert rules as of `day` (new tasks, announced on the alerts webhook) when
    the workspace has them; notes on what happened either way."""
    method = getattr(ws, "run_alerts", None)
    if not callable(method):
        return ["alerts: not available in this workspace"]
    result = method(as_of=day)
    created = len(getattr(result, "created", []))
    continued = int(getattr(result, "continued", 0))
    notes = [f"alerts: {created} new task(s), {continued} continuing"]
    delivered, failed = int(getattr(result, "delivered", 0)), int(getattr(result, "failed", 0))
    if delivered or failed:
        notes.append(f"alerts webhook: {delivered} delivered, {failed} failed")
    return notes + [f"alerts: {note}" for note in getattr(result, "notes", [])]


def summary(run: Run) -> dict[str, object]:
    """What a webhook receives about a run."""
    return {
        "event": "tenure.refresh",
        "run_id": run.run_id,
        "status": run.status,
        "files": run.files,
        "rows": run.rows,
        "snapshot_date": run.snapshot_date.isoformat() if run.snapshot_date else None,
        "steps": run.steps,
        "error": run.error,
    }


def _join(first: str | None, second: str) -> str:
    return f"{first}; {second}" if first else second
