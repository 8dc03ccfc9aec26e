"""Data management: imports (upload), the quarantine, the workspace status, the settings."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, UploadFile
from fastapi.concurrency import run_in_threadpool

from tenure.schema import TABLES
from tenure.server.access import ConfigDep, WorkspaceDep, workspace_session
from tenure.server.api.models import (
    ConfigOut,
    ImportLogRow,
    ImportReportOut,
    QuarantineRow,
    StatusOut,
    TableStatusOut,
)
from tenure.server.auth.deps import require
from tenure.server.auth.principal import Principal
from tenure.server.auth.roles import Permission
from tenure.server.views.imports import (
    FORMATS,
    import_log,
    quarantine_rows,
    run_import,
    save_upload,
    scratch,
)
from tenure.storage.store import redact

router = APIRouter(tags=["data"])
Importer = Annotated[Principal, Depends(require(Permission.IMPORTS))]
Watcher = Annotated[Principal, Depends(require(Permission.STATUS))]
Admin = Annotated[Principal, Depends(require(Permission.CONFIG))]
TABLE_PATTERN = f"^({'|'.join(TABLES)})$"


@router.post("/imports", response_model=ImportReportOut)
async def upload(
    principal: Importer,
    config: ConfigDep,
    table: Annotated[str, Form(description=f"Target table: {', '.join(TABLES)}.")],
    file: Annotated[UploadFile, File(description="CSV, Parquet or JSON file.")],
    format: Annotated[str | None, Form(description=f"One of {', '.join(FORMATS)}.")] = None,
    mapping: Annotated[list[str] | None, Form(description="source=target renames.")] = None,
) -> ImportReportOut:
    """Validate and load a file, quarantining refused rows: the same as `tenure import`."""
    with scratch() as folder:
        path = await save_upload(file, Path(folder), config.max_upload_bytes)

        def work() -> ImportReportOut:
            with workspace_session(config.folder) as ws:
                return run_import(ws, table, path, format, mapping or [])

        return await run_in_threadpool(work)


@router.get("/imports", response_model=list[ImportLogRow])
def imports(
    principal: Watcher, ws: WorkspaceDep, limit: Annotated[int, Query(ge=1, le=1000)] = 100
) -> list[ImportLogRow]:
    """The newest imports with their counts."""
    return import_log(ws, limit)


@router.get("/quarantine", response_model=list[QuarantineRow])
def quarantine(
    principal: Importer,
    ws: WorkspaceDep,
    table: Annotated[
        str | None, Query(pattern=TABLE_PATTERN, description="Only this table.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 200,
) -> list[QuarantineRow]:
    """Refused rows with file, line, column, value and reason (newest first)."""
    return quarantine_rows(ws, table or None, limit)


@router.get("/status", response_model=StatusOut)
def status(principal: Watcher, ws: WorkspaceDep) -> StatusOut:
    """Rows, refused rows and date coverage of every table."""
    return StatusOut(
        name=ws.settings.workspace.name,
        backend=ws.store.backend_name,
        tables=[TableStatusOut.model_validate(vars(row)) for row in ws.status()],
    )


@router.get("/config", response_model=ConfigOut)
def config(principal: Admin, ws: WorkspaceDep) -> ConfigOut:
    """The workspace settings; the backend URL's password, if any, is redacted."""
    settings: dict[str, Any] = ws.settings.model_dump(mode="json", by_alias=True)
    settings["workspace"]["backend"] = redact(settings["workspace"]["backend"])
    settings["workspace"]["backend_in_use"] = redact(ws.store.url)
    return ConfigOut(settings=settings)
