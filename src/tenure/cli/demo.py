"""`tenure demo`: build the demo company in a workspace, or write it as Parquet files."""

from __future__ import annotations

import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from tenure.cli.common import WorkspaceOption, console, fail, is_interactive
from tenure.cli.data import status
from tenure.config import CONFIG_FILE
from tenure.demo import DemoSpec, write_parquet
from tenure.demo.load import import_demo, prepare_operations
from tenure.schema import IMPORT_ORDER
from tenure.workspace import Workspace, default_folder

#: Import order: accounts before the tables that reference them.
LOAD_ORDER = IMPORT_ORDER


def register(app: typer.Typer) -> None:
    """Attach the demo command to the main app."""
    app.command("demo")(demo)


def demo(
    accounts: Annotated[int, typer.Option(help="Number of customer accounts.", min=10)] = 2000,
    months: Annotated[int, typer.Option(help="Months of history.", min=3)] = 36,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same company).")] = 7,
    end: Annotated[
        str | None,
        typer.Option(help="Last day of history, YYYY-MM-DD (default: end of last month)."),
    ] = None,
    parquet: Annotated[
        Path | None, typer.Option(help="Only write one Parquet file per table to this folder.")
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Empty a workspace that already holds data first.")
    ] = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Generate a realistic SaaS company (churn follows from behaviour) and load it."""
    spec = _spec(accounts, months, seed, end)
    if parquet is not None:
        _write_only(spec, parquet)
        return
    folder = workspace or default_folder()
    started = time.perf_counter()
    with _open_or_create(folder, replace) as ws, tempfile.TemporaryDirectory() as scratch:
        written = _generate(spec, Path(scratch))
        import_demo(ws, Path(scratch))
        loaded = time.perf_counter() - started
        operations = prepare_operations(ws, spec.end)
    seconds = time.perf_counter() - started
    console.print(
        f"Demo company: {spec.accounts:,} accounts over {spec.months} months to {spec.end}, "
        f"{sum(written.values()):,} rows in {loaded:.1f} s (seed {spec.seed}).",
        highlight=False,
    )
    auc = "—" if operations.risk_auc is None else f"{operations.risk_auc:.3f}"
    console.print(
        f"Churn-risk model fitted (held-out AUC {auc}), {operations.health_rows:,} health "
        f"scores kept, {operations.new_tasks:,} tasks from the alert rules, "
        f"{seconds:.1f} s in all.",
        highlight=False,
    )
    status(folder)


def _spec(accounts: int, months: int, seed: int, end: str | None) -> DemoSpec:
    if end is None:
        return DemoSpec(accounts=accounts, months=months, seed=seed)
    try:
        last_day = date.fromisoformat(end)
    except ValueError:
        fail(f"--end {end!r} is not a date (YYYY-MM-DD)")
        raise
    return DemoSpec(accounts=accounts, months=months, seed=seed, end=last_day)


def _open_or_create(folder: Path, replace: bool) -> Workspace:
    if not (folder / CONFIG_FILE).exists():
        return Workspace.init(folder, name="demo")
    ws = Workspace.open(folder)
    if ws.is_empty():
        return ws
    if not replace:
        ws.close()
        fail(f"{folder} already holds data; pass --replace to rebuild it with the demo company")
    ws.reset()
    return ws


def _generate(spec: DemoSpec, folder: Path) -> dict[str, int]:
    with _bar("generating") as progress:
        task = progress.add_task("generate", total=spec.accounts)
        return write_parquet(
            spec, folder, lambda done, total: progress.update(task, completed=done, total=total)
        )


def _write_only(spec: DemoSpec, folder: Path) -> None:
    started = time.perf_counter()
    written = _generate(spec, folder)
    seconds = time.perf_counter() - started
    for table, rows in written.items():
        console.print(f"{table:>14}: {rows:>13,} rows", highlight=False)
    console.print(f"Wrote {sum(written.values()):,} rows to {folder} in {seconds:.1f} s.")


def _bar(label: str) -> Progress:
    return Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("accounts"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not is_interactive(),
    )
