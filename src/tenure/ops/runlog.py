"""The refresh log: one row per `tenure refresh` run, one per file it handled.

`tenure_refresh_runs` answers "what ran, when, with what result"; `tenure_refresh_files`
keeps each file's content hash, so a file is never imported twice whatever its name.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

import ibis
import pandas as pd
import pyarrow as pa

from tenure.history.tables import ensure_tables

if TYPE_CHECKING:
    from tenure.workspace import Workspace

RUNS = "tenure_refresh_runs"
FILES = "tenure_refresh_files"

SCHEMAS: dict[str, ibis.Schema] = {
    RUNS: ibis.schema(
        {
            "run_id": "string",
            "requested_at": "timestamp",
            "started_at": "timestamp",
            "finished_at": "timestamp",
            "files": "int64",
            "rows": "int64",
            "snapshot_date": "date",
            "status": "string",
            "error": "string",
            "steps": "string",
            "data_version": "string",
        }
    ),
    FILES: ibis.schema(
        {
            "run_id": "string",
            "file": "string",
            "sha256": "string",
            "table_name": "string",
            "source": "string",
            "rows": "int64",
            "status": "string",
            "error": "string",
            "handled_at": "timestamp",
        }
    ),
}


def now() -> datetime:
    """The current UTC time, naive (how the workspace stores timestamps)."""
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass
class Run:
    """One refresh run as the log records it (updated as the run goes)."""

    run_id: str
    requested_at: datetime
    started_at: datetime
    finished_at: datetime | None = None
    files: int = 0
    rows: int = 0
    snapshot_date: date | None = None
    status: str = "running"
    error: str | None = None
    steps: list[str] = field(default_factory=list)
    data_version: str | None = None

    def row(self) -> dict[str, Any]:
        return {**asdict(self), "steps": json.dumps(self.steps)}


def prepare(ws: Workspace) -> None:
    """Create the log tables when missing."""
    ensure_tables(ws.store, SCHEMAS)


def save(ws: Workspace, run: Run) -> None:
    """Write (or rewrite) the run's row."""
    with ws.store.transaction():
        ws.store.delete_where(RUNS, {"run_id": run.run_id})
        ws.store.insert(RUNS, pa.Table.from_pylist([run.row()], SCHEMAS[RUNS].to_pyarrow()))


def record_file(ws: Workspace, row: dict[str, Any]) -> None:
    """Log one handled file (imported, skipped as a duplicate, or failed)."""
    table = pa.Table.from_pylist([{**row, "handled_at": now()}], SCHEMAS[FILES].to_pyarrow())
    ws.store.insert(FILES, table)


def imported_hashes(ws: Workspace) -> set[str]:
    """Content hashes of every file a refresh has imported."""
    files = ws.store.table(FILES)
    done = files.filter(files.status == "imported").select("sha256").distinct()
    return {str(value) for value in done.to_pyarrow().column("sha256").to_pylist()}


def last_success(ws: Workspace) -> dict[str, Any] | None:
    """The newest run that finished without error (computed or found up to date)."""
    runs = ws.store.table(RUNS)
    done = runs.filter(runs.status.isin(["ok", "up-to-date"]))
    rows = done.order_by(ibis.desc("finished_at")).limit(1).to_pyarrow().to_pylist()
    return rows[0] if rows else None


def runs(ws: Workspace, limit: int = 50) -> pd.DataFrame:
    """The newest runs first."""
    if not ws.store.has_table(RUNS):
        return pd.DataFrame(columns=list(SCHEMAS[RUNS].names))
    table = ws.store.table(RUNS)
    frame: pd.DataFrame = table.order_by(ibis.desc("requested_at")).limit(limit).to_pandas()
    return frame
