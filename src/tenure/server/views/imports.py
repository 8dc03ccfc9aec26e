"""Import: upload a file into a table and read the quarantine report; the data's status."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from fastapi import HTTPException, UploadFile
from pydantic import BaseModel

from tenure.ingest.columns import parse_mapping
from tenure.ingest.pipeline import ImportReport
from tenure.schema import TABLES
from tenure.server.api.models import (
    ImportLogRow,
    ImportReportOut,
    QuarantineRow,
    RefusalOut,
    TableStatusOut,
)
from tenure.server.auth.roles import Permission
from tenure.server.engine import frame_rows
from tenure.server.views.registry import View, ViewContext, register
from tenure.workspace import Workspace

FORMATS = ("csv", "parquet", "json", "jsonl")
CHUNK = 1 << 20


class ImportPage(BaseModel):
    """The import page: tables with their coverage, recent imports, the quarantine."""

    tables: list[TableStatusOut]
    imports: list[ImportLogRow]
    quarantine: list[QuarantineRow]
    quarantined_total: int
    table_names: list[str]


def build(context: ViewContext, params: None = None) -> ImportPage:
    """The import page's figures."""
    ws = context.ws
    refused = ws.quarantine()
    return ImportPage(
        tables=[TableStatusOut.model_validate(vars(s)) for s in ws.status()],
        imports=import_log(ws, 20),
        quarantine=quarantine_rows(ws, None, 50),
        quarantined_total=len(refused),
        table_names=list(TABLES),
    )


def import_log(ws: Workspace, limit: int) -> list[ImportLogRow]:
    """The newest imports."""
    rows = frame_rows(ws.imports().head(limit))
    return [ImportLogRow.model_validate(_named(row)) for row in rows]


def quarantine_rows(ws: Workspace, table: str | None, limit: int) -> list[QuarantineRow]:
    """The newest refused rows (of one table or all)."""
    rows = frame_rows(ws.quarantine(table).head(limit))
    return [QuarantineRow.model_validate(_named(row)) for row in rows]


def _named(row: dict[str, object]) -> dict[str, object]:
    """Show a file by its name only (uploads live in temporary folders)."""
    return {**row, "file": Path(str(row.get("file") or "")).name}


def report_out(report: ImportReport) -> ImportReportOut:
    """The API shape of an import report."""
    return ImportReportOut(
        import_id=report.import_id,
        table=report.table,
        file=Path(report.file).name,
        format=report.format,
        rows_read=report.rows_read,
        inserted=report.inserted,
        updated=report.updated,
        unchanged=report.unchanged,
        quarantined=report.quarantined,
        attributes=list(report.attributes),
        first_refusals=[RefusalOut.model_validate(vars(r)) for r in report.first_refusals],
    )


async def save_upload(upload: UploadFile, folder: Path, max_bytes: int) -> Path:
    """Write an upload to `folder` under a safe version of its name (413 past `max_bytes`)."""
    name = re.sub(r"[^A-Za-z0-9._-]", "_", Path(upload.filename or "upload").name)[:120]
    target = folder / (name.lstrip(".") or "upload")
    written = 0
    with target.open("wb") as handle:
        while chunk := await upload.read(CHUNK):
            written += len(chunk)
            if written > max_bytes:
                raise HTTPException(413, f"file larger than {max_bytes:,} bytes")
            handle.write(chunk)
    return target


def run_import(
    ws: Workspace, table: str, path: Path, format: str | None, mapping: list[str]
) -> ImportReportOut:
    """Validate, quarantine and load an uploaded file: the same pipeline as `tenure import`."""
    if table not in TABLES:
        raise HTTPException(422, f"unknown table {table!r}")
    if format is not None and format not in FORMATS:
        raise HTTPException(422, f"format must be one of {', '.join(FORMATS)}")
    pairs = parse_mapping(mapping)
    return report_out(ws.import_file(table, path, format or None, pairs))


def scratch() -> tempfile.TemporaryDirectory[str]:
    """A temporary folder for one upload."""
    return tempfile.TemporaryDirectory(prefix="tenure-upload-")


register(
    View(
        name="import",
        title="Import",
        path="/import",
        template="import.html",
        permission=Permission.IMPORTS,
        model=ImportPage,
        build=build,
        order=90,
        summary="Upload a file into a table and read the quarantine report.",
    )
)
