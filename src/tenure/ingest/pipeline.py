"""Import one file into one canonical table: read → map → validate → quarantine → upsert.

The whole import is one transaction: a crash or Ctrl-C midway leaves the workspace as it
was. Refused rows never stop the good ones; each is kept in the quarantine table with its
line, column, value and reason. Importing the same file again changes no data.
"""

from __future__ import annotations

import hashlib
import itertools
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import ibis
import pyarrow as pa

from tenure.config import Settings
from tenure.errors import FileProblem
from tenure.ingest.checks import Limits
from tenure.ingest.columns import ColumnPlan, plan_columns
from tenure.ingest.infer import infer_type
from tenure.ingest.load import refuse_duplicates_and_orphans, upsert
from tenure.ingest.readers import SourceFile, open_source
from tenure.ingest.validate import QUARANTINE_SCHEMA, Validator, new_engine
from tenure.schema import ColumnType, Table, get_table
from tenure.storage.store import IMPORTS_TABLE, QUARANTINE_TABLE, Store

Progress = Callable[[int, int | None], None]


@dataclass(frozen=True)
class Refusal:
    """One refused row, as shown in reports."""

    line: int
    column: str
    value: str | None
    reason: str


@dataclass(frozen=True)
class ImportReport:
    """What an import read, wrote and refused."""

    table: str
    file: str
    format: str
    rows_read: int
    inserted: int
    updated: int
    unchanged: int
    quarantined: int
    attributes: tuple[str, ...] = ()
    first_refusals: tuple[Refusal, ...] = field(default=())
    import_id: str = ""


@dataclass(frozen=True)
class ImportRequest:
    """Everything that says how to import one file."""

    table: str
    path: Path
    format: str | None = None
    mapping: Mapping[str, str] = field(default_factory=dict)
    encoding: str = "utf-8"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def import_file(
    store: Store,
    settings: Settings,
    request: ImportRequest,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> ImportReport:
    """Import `request.path` into `request.table` in one transaction and report on it."""
    try:
        table = get_table(request.table)
    except KeyError as error:
        raise FileProblem(str(error.args[0])) from None
    source = open_source(request.path, request.format, request.encoding)
    plan = plan_columns(source.columns, table, request.mapping)
    batches = source.batches(settings.imports.chunk_rows)
    first = next(batches, None)
    batch_list = itertools.chain([first] if first is not None else [], batches)
    stored = store.column_types(table.name)
    extra_types = _extra_types(plan, stored, first)
    started = _utcnow(now)
    validator = Validator(table, plan, extra_types, _limits(settings, started), _scales(settings))
    run = _Run(store, table, source, plan, validator, started, uuid.uuid4().hex[:12])
    with store.transaction():
        for name in plan.extras:
            if name not in stored:
                store.add_column(table.name, name, extra_types[name])
        return run.execute(batch_list, progress)


def _utcnow(now: datetime | None) -> datetime:
    moment = now or datetime.now(UTC)
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _extra_types(
    plan: ColumnPlan, stored: Mapping[str, ColumnType], first: pa.RecordBatch | None
) -> dict[str, ColumnType]:
    types: dict[str, ColumnType] = {}
    sources = {target: source for source, target in plan.renames.items()}
    for name in plan.extras:
        if name in stored:
            types[name] = stored[name]
        elif first is not None:
            types[name] = infer_type(first.column(sources[name]))
        else:
            types[name] = "string"
    return types


def _limits(settings: Settings, now: datetime) -> Limits:
    rules = settings.imports
    return Limits(
        earliest=datetime(rules.min_year, 1, 1),
        event_latest=now + timedelta(days=rules.max_future_days),
        schedule_latest=now + timedelta(days=366 * rules.max_schedule_years),
    )


def _scales(settings: Settings) -> dict[str, tuple[int, int]]:
    surveys = settings.surveys
    return {
        kind: (surveys.scale(kind).low, surveys.scale(kind).high)
        for kind in ("nps", "csat", "ces", "poll")
    }


@dataclass
class _Run:
    """One import in progress (inside its transaction)."""

    store: Store
    table: Table
    source: SourceFile
    plan: ColumnPlan
    validator: Validator
    started: datetime
    import_id: str

    @property
    def staging(self) -> str:
        return f"tenure_stage_{self.import_id}"

    def execute(self, batches: Iterator[pa.RecordBatch], progress: Progress | None) -> ImportReport:
        rows_read, refused = self._stage(batches, progress)
        clean, more_refused = refuse_duplicates_and_orphans(self.store, self.table, self.staging)
        refused.append(more_refused)
        file_columns = [c.name for c in self.validator.columns()]
        counts = upsert(self.store, self.table, clean, file_columns)
        quarantine = pa.concat_tables(refused).sort_by("line")
        self._record_quarantine(quarantine)
        report = ImportReport(
            table=self.table.name,
            file=str(self.source.path),
            format=self.source.format,
            rows_read=rows_read,
            inserted=counts.inserted,
            updated=counts.updated,
            unchanged=counts.unchanged,
            quarantined=quarantine.num_rows,
            attributes=self.plan.extras,
            first_refusals=_first_refusals(quarantine),
            import_id=self.import_id,
        )
        self._record_import(report)
        for name in (self.staging, clean):
            self.store.drop(name)
        return report

    def _stage(
        self, batches: Iterator[pa.RecordBatch], progress: Progress | None
    ) -> tuple[int, list[pa.Table]]:
        engine = new_engine()
        rows_read = 0
        refused = [QUARANTINE_SCHEMA.empty_table()]
        created = False
        for batch in batches:
            result = self.validator.run(batch, self.source.first_line + rows_read, engine)
            if created:
                self.store.insert(self.staging, ibis.memtable(result.good))
            else:
                self.store.create_temp(self.staging, result.good)
                created = True
            refused.append(result.bad)
            rows_read += batch.num_rows
            if progress:
                progress(rows_read, self.source.total_rows)
        if not created:
            empty = self.validator.run(_empty_batch(self.source), self.source.first_line, engine)
            self.store.create_temp(self.staging, empty.good)
        engine.close()
        return rows_read, refused

    def _record_quarantine(self, quarantine: pa.Table) -> None:
        sha = file_sha256(self.source.path)
        self.store.delete_where(
            QUARANTINE_TABLE, {"table_name": self.table.name, "file_sha256": sha}
        )
        n = quarantine.num_rows
        extra = {
            "import_id": [self.import_id] * n,
            "table_name": [self.table.name] * n,
            "file": [str(self.source.path)] * n,
            "file_sha256": [sha] * n,
            "imported_at": pa.array([self.started] * n, pa.timestamp("us")),
        }
        for name, values in extra.items():
            quarantine = quarantine.append_column(
                name, pa.array(values) if not isinstance(values, pa.Array) else values
            )
        if n:
            self.store.insert(QUARANTINE_TABLE, ibis.memtable(quarantine))

    def _record_import(self, report: ImportReport) -> None:
        row = {
            "import_id": report.import_id,
            "table_name": report.table,
            "file": report.file,
            "file_sha256": file_sha256(self.source.path),
            "format": report.format,
            "started_at": self.started,
            "finished_at": _utcnow(None),
            "rows_read": report.rows_read,
            "inserted": report.inserted,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "quarantined": report.quarantined,
        }
        self.store.insert(IMPORTS_TABLE, ibis.memtable(pa.Table.from_pylist([row])))


def _empty_batch(source: SourceFile) -> pa.RecordBatch:
    schema = pa.schema([(name, pa.string()) for name in source.columns])
    return pa.RecordBatch.from_pylist([], schema=schema)


def _first_refusals(quarantine: pa.Table, limit: int = 10) -> tuple[Refusal, ...]:
    rows = quarantine.slice(0, limit).to_pylist()
    return tuple(Refusal(row["line"], row["column"], row["value"], row["reason"]) for row in rows)
