"""Load a generated demo company into a workspace, table by table in dependency order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tenure.demo.spec import DemoSpec
from tenure.demo.writer import write_parquet
from tenure.errors import TenureError
from tenure.ingest.pipeline import ImportReport
from tenure.models.errors import RiskError
from tenure.schema import IMPORT_ORDER
from tenure.workspace import Workspace


def import_demo(ws: Workspace, files: Path, missing_ok: bool = False) -> list[ImportReport]:
    """Import the Parquet files `write_parquet` (or `split_company`) wrote, in dependency
    order; any refused row is an error, and so is a missing table unless `missing_ok`."""
    reports = []
    for table in IMPORT_ORDER:
        path = files / f"{table}.parquet"
        if missing_ok and not path.exists():
            continue
        report = ws.import_file(table, path)
        if report.quarantined:
            reason = report.first_refusals[0].reason
            raise TenureError(f"demo data refused in {table}: {reason}")
        reports.append(report)
    return reports


def build_demo_workspace(spec: DemoSpec, folder: Path, name: str = "demo") -> Path:
    """Generate `spec` into `folder/files` and import it into a new workspace `folder/ws`."""
    files = folder / "files"
    write_parquet(spec, files)
    with Workspace.init(folder / "ws", name=name) as ws:
        import_demo(ws, files)
    return folder / "ws"


@dataclass(frozen=True)
class DemoOperations:
    """What `prepare_operations` did: the risk model's held-out AUC, health rows kept, tasks."""

    risk_auc: float | None
    health_rows: int
    new_tasks: int


def prepare_operations(ws: Workspace, day: date) -> DemoOperations:
    """Fit and keep the churn-risk model, keep the day's health scores and run the alert
    rules on `day` (the demo's last day), so the demo opens with scores and tasks."""
    try:
        auc = ws.fit_risk().metrics_.get("auc")
    except RiskError:  # a company too small or too young to learn churn from
        auc = None
    kept = ws.save_health(day)
    run = ws.run_alerts(day, notify=False)
    return DemoOperations(auc, kept, len(run.created))
