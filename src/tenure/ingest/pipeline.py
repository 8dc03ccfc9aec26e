"""Import one file into one canonical table: read → map → validate → quarantine → upsert.

The whole import is one transaction: a crash or Ctrl-C midway leaves the workspace as it
was. Refused rows never stop the good ones; each is kept in the quarantine table with its
line, column, value and reason. Importing the same file again changes no data.
"""

from __future__ import annotations

import contextlib
import functools
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
from tenure.ingest.direct import can_stage_directly, source_schema, stage_directly
from tenure.ingest.infer import infer_type
from tenure.ingest.load import keys_may_repeat, refuse_duplicates_and_orphans, upsert
from tenure.ingest.readers import Chunk, SourceFile, open_source
from tenure.ingest.validate import QUARANTINE_SCHEMA, Validator, new_engine
from tenure.schema import ColumnType, Table, get_table
from tenure.storage.store import IMPORTS_TABLE, QUARANTINE_TABLE, Store

Progress = Callable[[int, int | None], None]
#: Run once an import's transaction is committed: (its report, scratch table of the rows
#: loaded).
LoadedHook = Callable[["ImportReport", str], None]


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
    on_loaded: LoadedHook | None = None,
) -> ImportReport:
    """Import `request.path` into `request.table` in one transaction and report on it;
    `on_loaded` runs once it is committed, with the report and the loaded rows' scratch
    table (what the workspace keeps derived from the table is brought up to date there:
    rows written inside a transaction are much slower to scan, and a failure there
    leaves the import in)."""
    try:
        table = get_table(request.table)
    except KeyError as error:
        raise FileProblem(str(error.args[0])) from None
    source = open_source(request.path, request.format, request.encoding)
    plan = plan_columns(source.columns, table, request.mapping)
    sample, chunks = _first_rows(store, source, settings.imports.chunk_rows)
    stored = store.column_types(table.name)
    extra_types = _extra_types(plan, stored, sample, typed=source.format == "parquet")
    started = _utcnow(now)
    source_types = (
        dict(zip(sample.schema.names, sample.schema.types, strict=True))
        if sample is not None
        else {}
    )
    validator = Validator(
        table,
        plan,
        extra_types,
        _limits(settings, started),
        _scales(settings),
        source_types,
        key_hash=store.duckdb_connection() is not None,
    )
    run = _Run(store, table, source, plan, validator, started, uuid.uuid4().hex[:12])
    try:
        # Staging fills temporary tables only, so it runs before the transaction: rows
        # written inside a transaction are slower to scan, and a crash while staging
        # leaves nothing behind either way.
        rows_read, refused = _stage(run, chunks, settings.imports.chunk_rows, progress)
        keys_may_repeat = run.keys_may_repeat()
        with store.transaction():
            for name in plan.extras:
                if name not in stored:
                    store.add_column(table.name, name, extra_types[name])
            report = run.finish(rows_read, refused, keys_may_repeat)
        if on_loaded is not None:
            on_loaded(report, run.loaded)
        return report
    finally:
        run.drop_staging()


def _first_rows(
    store: Store, source: SourceFile, chunk_rows: int
) -> tuple[pa.RecordBatch | None, Iterator[Chunk] | None]:
    """The rows that type the validation (None: the file has no rows) and every chunk.

    A Parquet file the workspace's DuckDB stages directly is typed by its schema alone,
    with no chunks (None): nothing is read here.
    """
    if source.format == "parquet":
        schema = source_schema(source)
        if can_stage_directly(store, source, schema):
            return pa.RecordBatch.from_pylist([], schema=schema), None
    chunks = source.batches(chunk_rows)
    first = next(chunks, None)
    if first is None:
        return None, iter(())
    return first.rows, itertools.chain([first], chunks)


def _stage(
    run: _Run, chunks: Iterator[Chunk] | None, chunk_rows: int, progress: Progress | None
) -> tuple[int, list[pa.Table]]:
    """Stage the file: directly when there are no chunks, else (or when DuckDB cannot
    read the file after all) chunk by chunk."""
    if chunks is None:
        staged = run.stage_directly(progress)
        if staged is not None:
            return staged
        chunks = run.source.batches(chunk_rows)
    return run.stage(chunks, progress)


def _utcnow(now: datetime | None) -> datetime:
    moment = now or datetime.now(UTC)
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _extra_types(
    plan: ColumnPlan,
    stored: Mapping[str, ColumnType],
    first: pa.RecordBatch | None,
    typed: bool,
) -> dict[str, ColumnType]:
    types: dict[str, ColumnType] = {}
    sources = {target: source for source, target in plan.renames.items()}
    for name in plan.extras:
        if name in stored:
            types[name] = stored[name]
        elif first is not None:
            types[name] = infer_type(first.column(sources[name]), typed)
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
    """One import in progress: staged first, then finished inside its transaction."""

    store: Store
    table: Table
    source: SourceFile
    plan: ColumnPlan
    validator: Validator
    started: datetime
    import_id: str
    #: The scratch table of the rows loaded (set by `finish`).
    loaded: str = ""

    @functools.cached_property
    def sha256(self) -> str:
        return file_sha256(self.source.path)

    @property
    def staging(self) -> str:
        return f"tenure_stage_{self.import_id}"

    def drop_staging(self) -> None:
        """Drop the temporary tables (never masking the error that ended the import)."""
        for name in (self.staging, f"{self.staging}_clean"):
            with contextlib.suppress(Exception):
                self.store.drop(name)

    def keys_may_repeat(self) -> bool:
        """Whether staged rows may share a key (False skips the exact duplicate check)."""
        return keys_may_repeat(self.store, self.staging)

    def finish(
        self, rows_read: int, refused: list[pa.Table], keys_may_repeat: bool = True
    ) -> ImportReport:
        """Refuse duplicate keys and unknown accounts, upsert, and record the import."""
        clean, more_refused = refuse_duplicates_and_orphans(
            self.store, self.table, self.staging, keys_may_repeat
        )
        refused.append(more_refused)
        counts = upsert(self.store, self.table, clean, self.plan.present)
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
        self.loaded = clean
        return report

    def stage_directly(self, progress: Progress | None) -> tuple[int, list[pa.Table]] | None:
        """Stage a Parquet file in one DuckDB statement (see `direct.py`); None when DuckDB
        cannot read it, for the chunked path to take over (and report the problem)."""
        refused = stage_directly(self.store, self.validator, self.source, self.staging)
        if refused is None:
            return None
        rows_read = self.source.total_rows or 0
        if progress:
            progress(rows_read, self.source.total_rows)
        return rows_read, [QUARANTINE_SCHEMA.empty_table(), refused]

    def stage(
        self, chunks: Iterator[Chunk], progress: Progress | None
    ) -> tuple[int, list[pa.Table]]:
        """Validate every chunk into the staging table; rows read include malformed records."""
        engine = new_engine()
        rows_read = 0
        refused = [QUARANTINE_SCHEMA.empty_table()]
        created = False
        for chunk in chunks:
            result = self.validator.run(chunk, engine)
            if not created:
                self.store.create_temp(self.staging, result.good.schema.empty_table())
                created = True
            self.store.insert(self.staging, result.good)
            refused.append(result.bad)
            rows_read += chunk.rows.num_rows + len(chunk.malformed)
            if progress:
                progress(rows_read, self.source.total_rows)
        if not created:
            empty = self.validator.run(self.source.empty_chunk(), engine)
            self.store.create_temp(self.staging, empty.good)
        engine.close()
        return rows_read, refused

    def _record_quarantine(self, quarantine: pa.Table) -> None:
        sha = self.sha256
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
            "file_sha256": self.sha256,
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


def _first_refusals(quarantine: pa.Table, limit: int = 10) -> tuple[Refusal, ...]:
    rows = quarantine.slice(0, limit).to_pylist()
    return tuple(Refusal(row["line"], row["column"], row["value"], row["reason"]) for row in rows)
