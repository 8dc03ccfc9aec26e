"""Data commands: init, import, quarantine, status, schema, export."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table as RichTable

from tenure.cli.common import WorkspaceOption, console, is_interactive, open_workspace
from tenure.ingest.columns import parse_mapping
from tenure.ingest.pipeline import ImportReport
from tenure.ingest.sources import all_sources
from tenure.reference import column_rules, data_model_markdown, sources_markdown
from tenure.schema import TABLES, get_table
from tenure.settings_reference import settings_markdown
from tenure.workspace import Workspace, default_folder


def register(app: typer.Typer) -> None:
    """Attach the data commands to the main app."""
    app.command("init")(init)
    app.command("import")(import_command)
    app.command("quarantine")(quarantine)
    app.command("status")(status)
    app.command("schema")(schema)
    app.command("export")(export)
    app.command("sources")(sources)
    app.command("settings")(settings_command)


def init(
    path: Annotated[
        Path | None, typer.Argument(help="Folder to create (default: current).")
    ] = None,
    backend: Annotated[
        str | None, typer.Option(help="Ibis backend URL (default: duckdb://tenure.duckdb).")
    ] = None,
) -> None:
    """Create a workspace: tenure.toml and an empty database with every canonical table."""
    folder = path or default_folder()
    with Workspace.init(folder, backend=backend):
        pass
    console.print(f"Created workspace in [bold]{folder}[/] (tenure.toml, canonical tables).")


def import_command(
    table: Annotated[str, typer.Argument(help=f"Target table: {', '.join(TABLES)}.")],
    file: Annotated[Path, typer.Argument(help="CSV, Parquet or JSON file.")],
    format: Annotated[
        str | None,
        typer.Option("--format", "-f", help="csv, parquet or json (default: from suffix)."),
    ] = None,
    mapping: Annotated[
        list[str] | None,
        typer.Option("--map", "-m", help="Rename a column: source=target (repeatable)."),
    ] = None,
    encoding: Annotated[str, typer.Option(help="Text encoding of CSV/JSON files.")] = "utf-8",
    source: Annotated[
        str | None,
        typer.Option(help="Convert a vendor export first (see `tenure sources`)."),
    ] = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Validate and load a file into a table; refused rows go to the quarantine with reasons."""
    pairs = parse_mapping(mapping or [])
    if source is not None:
        with open_workspace(workspace) as ws:
            for report in ws.import_source(source, file, table):
                print_import_report(report)
        return
    with open_workspace(workspace) as ws, _progress_bar(file.name) as progress:
        task = progress.add_task("import", total=None)

        def advance(done: int, total: int | None) -> None:
            progress.update(task, completed=done, total=total)

        report = ws.import_file(table, file, format, pairs, encoding, advance)
    print_import_report(report)


def _progress_bar(name: str) -> Progress:
    return Progress(
        TextColumn(f"importing {name}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("rows"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not is_interactive(),
    )


def print_import_report(report: ImportReport) -> None:
    """The import summary: counts, then the first refusals."""
    console.print(
        f"{report.table} ← {Path(report.file).name}: read {report.rows_read:,}, "
        f"inserted {report.inserted:,}, updated {report.updated:,}, "
        f"unchanged {report.unchanged:,}, quarantined {report.quarantined:,}",
        highlight=False,
    )
    if report.attributes:
        console.print(f"attribute columns kept: {', '.join(report.attributes)}", highlight=False)
    for refusal in report.first_refusals:
        console.print(f"  line {refusal.line}: {refusal.reason}", highlight=False, markup=False)
    if report.quarantined > len(report.first_refusals):
        console.print(f"  … see `tenure quarantine {report.table}` for all {report.quarantined:,}")


def quarantine(
    table: Annotated[str | None, typer.Argument(help="Only this table.")] = None,
    limit: Annotated[int, typer.Option(help="Rows to show.")] = 50,
    workspace: WorkspaceOption = None,
) -> None:
    """List the rows that imports refused, with file, line, column, value and reason."""
    with open_workspace(workspace) as ws:
        rows = ws.quarantine(table)
    if rows.empty:
        console.print("The quarantine is empty.")
        return
    grid = RichTable("table", "file", "line", "column", "value", "reason")
    for row in rows.head(limit).itertuples():
        grid.add_row(
            str(row.table_name),
            Path(str(row.file)).name,
            str(row.line),
            str(row.column),
            "" if row.value is None else str(row.value),
            str(row.reason),
        )
    console.print(grid)
    console.print(f"{len(rows):,} refused row(s) in all.")


def status(workspace: WorkspaceOption = None) -> None:
    """Rows per table, quarantined rows and date coverage."""
    with open_workspace(workspace) as ws:
        rows = ws.status()
        backend = ws.store.backend_name
        folder = ws.folder
    grid = RichTable("table", "rows", "quarantined", "from", "to", title=f"{folder} ({backend})")
    for row in rows:
        grid.add_row(
            row.table,
            f"{row.rows:,}",
            f"{row.quarantined:,}",
            (row.first or "")[:10],
            (row.last or "")[:10],
        )
    console.print(grid)


def schema(
    table: Annotated[str | None, typer.Argument(help="Only this table.")] = None,
    markdown: Annotated[bool, typer.Option(help="Print the Markdown data-model page.")] = False,
) -> None:
    """Print the canonical data model: columns, types, keys and rules."""
    if markdown:
        typer.echo(data_model_markdown(), nl=False)
        return
    tables = [get_table(table)] if table else list(TABLES.values())
    for spec in tables:
        grid = RichTable(
            "column",
            "type",
            "required",
            "rules",
            "description",
            title=f"{spec.name} (key: {', '.join(spec.key)})",
        )
        for column in spec.columns:
            grid.add_row(
                column.name,
                column.type,
                "yes" if column.required else "",
                column_rules(column),
                column.description,
            )
        console.print(grid)


def export(
    table: Annotated[str, typer.Argument(help="Table to export.")],
    file: Annotated[Path, typer.Argument(help="Output file: .csv, .parquet, .json or .jsonl.")],
    format: Annotated[str | None, typer.Option("--format", "-f")] = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Write a table to CSV, Parquet or JSON (it imports back unchanged)."""
    with open_workspace(workspace) as ws:
        rows = ws.export(table, file, format)
    console.print(f"Wrote {rows:,} rows of {table} to {file}.")


def sources(
    markdown: Annotated[bool, typer.Option(help="Print the Markdown documentation page.")] = False,
) -> None:
    """List the vendor export formats `tenure import --source` understands."""
    if markdown:
        typer.echo(sources_markdown(), nl=False)
        return
    grid = RichTable("source", "tables", "description")
    for source in all_sources():
        grid.add_row(source.name, ", ".join(source.tables), source.description)
    console.print(grid)


def settings_command(
    markdown: Annotated[
        bool, typer.Option(help="Print the Markdown reference of every setting instead.")
    ] = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Print the workspace's settings in force (its tenure.toml with every default filled in)."""
    if markdown:
        typer.echo(settings_markdown(), nl=False)
        return
    from tenure.config import load_settings

    settings = load_settings(workspace or default_folder())
    typer.echo(settings.model_dump_json(indent=2, by_alias=True))
