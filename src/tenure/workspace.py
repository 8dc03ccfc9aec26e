"""The Workspace: the single facade that every front (CLI, API, dashboard, Python) calls.

A workspace is a folder with `tenure.toml` and, by default, a DuckDB file. Fronts never
compute anything themselves: they ask the workspace.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import urlsplit

import ibis.expr.types as ir
import pandas as pd
import pyarrow.parquet as pq

from tenure.config import CONFIG_FILE, Settings, default_config_text, load_settings
from tenure.errors import FileProblem, WorkspaceError
from tenure.ingest.pipeline import ImportReport, ImportRequest, Progress, import_file
from tenure.models import MODEL_FILE
from tenure.schema import TABLES, get_table
from tenure.storage.store import IMPORTS_TABLE, QUARANTINE_TABLE, Store
from tenure.workspace_ops import Operations
from tenure.workspace_scores import HealthAndRisk

if TYPE_CHECKING:
    from tenure.history import SnapshotReport
    from tenure.metrics.explain import Explanation
    from tenure.metrics.feedback import Feedback
    from tenure.metrics.incremental import RefreshReport
    from tenure.metrics.spec import Metric

WORKSPACE_ENV = "TENURE_WORKSPACE"


@dataclass(frozen=True)
class TableStatus:
    """Row count, refused rows and date coverage of one table."""

    table: str
    rows: int
    quarantined: int
    first: str | None
    last: str | None
    date_column: str | None


def default_folder() -> Path:
    """`TENURE_WORKSPACE` if set, else the current folder."""
    return Path(os.environ.get(WORKSPACE_ENV) or ".")


class Workspace(HealthAndRisk, Operations):
    """A tenure workspace: settings, canonical tables, imports, and (later) metrics."""

    def __init__(self, folder: Path, settings: Settings, store: Store) -> None:
        self.folder = folder
        self.settings = settings
        self.store = store
        #: Whether heavy building blocks of the metrics may be kept as temporary tables on
        #: this connection (`tenure.metrics.materialised`): worth it for a long-lived
        #: workspace computing many metrics; the server's per-request workspaces do not.
        self.keep_blocks = True
        #: Ibis tables per canonical table, with the data version they were read at.
        self._tables: dict[str, tuple[tuple[Any, ...], ir.Table]] = {}

    # -- lifecycle ------------------------------------------------------------------------

    @classmethod
    def init(cls, folder: Path, backend: str | None = None, name: str | None = None) -> Workspace:
        """Create a workspace folder with its config and empty canonical tables."""
        folder = folder.expanduser()
        config = folder / CONFIG_FILE
        if config.exists():
            raise WorkspaceError(f"{folder} is already a tenure workspace")
        if backend is not None and urlsplit(backend).password:
            raise WorkspaceError(
                "the backend URL holds a password: tenure.toml is not the place for it; "
                "give the URL without it and put the full URL in the TENURE_BACKEND "
                "environment variable (or the password in the database's own password file)"
            )
        folder.mkdir(parents=True, exist_ok=True)
        text = default_config_text(
            name or folder.resolve().name, backend or "duckdb://tenure.duckdb"
        )
        config.write_text(text, encoding="utf-8")
        return cls.open(folder)

    @classmethod
    def open(cls, folder: Path | None = None) -> Workspace:
        """Open an existing workspace (default: `TENURE_WORKSPACE`, else the current folder)."""
        folder = (folder or default_folder()).expanduser()
        settings = load_settings(folder)
        store = Store.connect(settings.workspace.backend, folder)
        store.adapter.limit_memory(settings.workspace.memory_ceiling())
        store.ensure_tables()
        return cls(folder, settings, store)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def reset(self) -> None:
        """Drop every table — data, quarantine, import log and everything tenure derived or
        kept (scores, tasks, deliveries, goals, snapshots, refresh logs) — and create the
        canonical ones empty again (used by `tenure demo --replace`)."""
        kept = [name for name in self.store.con.list_tables() if name.startswith("tenure_")]
        with self.store.transaction():
            for name in dict.fromkeys([*TABLES, QUARANTINE_TABLE, IMPORTS_TABLE, *kept]):
                self.store.drop(name)
            self.store.ensure_tables()
        (self.folder / MODEL_FILE).unlink(missing_ok=True)

    def is_empty(self) -> bool:
        """True when no canonical table holds a row."""
        return all(self.store.table(name).count().to_pyarrow().as_py() == 0 for name in TABLES)

    # -- data -----------------------------------------------------------------------------

    def table(self, name: str) -> ir.Table:
        """The Ibis table of a canonical table (with its attribute columns). Within a
        computation (a pinned data version, see `tenure.metrics.cache.pinned`) the table's
        schema is read once per version: a write that could change it changes the version."""
        from tenure.metrics.cache import pinned_version

        get_table(name)
        version = pinned_version(self)
        if version is None:
            return self.store.table(name)
        known = self._tables.get(name)
        if known is None or known[0] != version:
            known = (version, self.store.table(name))
            self._tables[name] = known
        return known[1]

    def import_file(
        self,
        table: str,
        path: Path | str,
        format: str | None = None,
        mapping: Mapping[str, str] | None = None,
        encoding: str = "utf-8",
        progress: Progress | None = None,
    ) -> ImportReport:
        """Validate and load a CSV, Parquet or JSON file into `table` (atomic, idempotent)."""
        from tenure.metrics.rollups import import_hook

        request = ImportRequest(table, Path(path), format, dict(mapping or {}), encoding)
        hook = import_hook(self, table)
        return import_file(self.store, self.settings, request, progress, on_loaded=hook)

    def import_source(
        self, source: str, path: Path | str, table: str | None = None
    ) -> list[ImportReport]:
        """Convert a vendor export (see `tenure.ingest.sources`) and import its tables.

        Companion tables a source produces (e.g. the accounts its tickets belong to) are
        imported first, through the same validation, quarantine and upsert as any file.
        """
        from tenure.ingest.sources import get_source

        converter = get_source(source)
        if table is not None and table not in converter.tables:
            raise FileProblem(
                f"source {source!r} produces {', '.join(converter.tables)}, not {table!r}"
            )
        tables = converter.convert_file(Path(path), table)
        reports = []
        with tempfile.TemporaryDirectory() as scratch:
            for name in TABLES:
                if name in tables:
                    staged = Path(scratch) / f"{Path(path).stem}.{name}.parquet"
                    pq.write_table(tables[name], staged)
                    reports.append(self.import_file(name, staged))
        return reports

    def quarantine(self, table: str | None = None) -> pd.DataFrame:
        """The refused rows with file, line, column, value and reason (newest first)."""
        rows = self.store.table(QUARANTINE_TABLE)
        if table:
            get_table(table)
            rows = rows.filter(rows.table_name == table)
        ordered = rows.order_by([rows.imported_at.desc(), rows.table_name, rows.line])
        columns = [
            "table_name",
            "file",
            "line",
            "column",
            "value",
            "reason",
            "record",
            "imported_at",
        ]
        frame: pd.DataFrame = ordered.select(*columns).to_pandas()
        return frame

    def imports(self) -> pd.DataFrame:
        """The log of every import, newest first."""
        log = self.store.table(IMPORTS_TABLE)
        frame: pd.DataFrame = log.order_by(log.started_at.desc()).to_pandas()
        return frame

    def status(self) -> list[TableStatus]:
        """Rows, refused rows and date coverage of every canonical table."""
        refused = self._quarantine_counts()
        return [self._table_status(name, refused.get(name, 0)) for name in TABLES]

    def _quarantine_counts(self) -> dict[str, int]:
        rows = self.store.table(QUARANTINE_TABLE)
        counts = rows.group_by("table_name").aggregate(n=rows.count()).to_pyarrow().to_pylist()
        return {row["table_name"]: int(row["n"]) for row in counts}

    def _table_status(self, name: str, quarantined: int) -> TableStatus:
        table = self.store.table(name)
        date_column = _coverage_column(name)
        if date_column is None:
            return TableStatus(
                name, int(table.count().to_pyarrow().as_py()), quarantined, None, None, None
            )
        stats = (
            table.aggregate(
                n=table.count(), first=table[date_column].min(), last=table[date_column].max()
            )
            .to_pyarrow()
            .to_pylist()[0]
        )
        return TableStatus(
            name,
            int(stats["n"]),
            quarantined,
            _iso(stats["first"]),
            _iso(stats["last"]),
            date_column,
        )

    def export(self, table: str, path: Path, format: str | None = None) -> int:
        """Write a table to CSV, Parquet or JSON lines; returns the rows written."""
        from tenure.ingest.export import export_table

        return export_table(self.table(table), path, format)

    # -- metrics --------------------------------------------------------------------------

    def metric(
        self,
        key: str,
        grain: str = "month",
        start: str | date | None = None,
        end: str | date | None = None,
        by: Sequence[str] = (),
        where: Mapping[str, Any] | None = None,
        preset: str | None = None,
        conventions: Mapping[str, Any] | None = None,
    ) -> pd.DataFrame:
        """A metric as a tidy table: period, segment columns, value (+ numerator, denominator)."""
        from tenure.metrics import api
        from tenure.metrics.cache import cached

        request = api.Request(key, grain, start, end, by, where, preset, conventions or {})
        return cached(self, "metric", request, lambda: api.metric(self, request))

    def metric_splits(
        self,
        key: str,
        grain: str = "month",
        start: str | date | None = None,
        end: str | date | None = None,
        splits: Sequence[Sequence[str]] = ((),),
        where: Mapping[str, Any] | None = None,
        preset: str | None = None,
        conventions: Mapping[str, Any] | None = None,
        as_of: date | None = None,
    ) -> list[pd.DataFrame]:
        """The metric split each way in `splits` (`()` is company-wide): one table per
        split, each what `metric(…, by=split)` returns, computed together by one query
        where they can be (`tenure.metrics.splits`); as it stood on `as_of` (today)."""
        from tenure.metrics import api
        from tenure.metrics.cache import cached_each
        from tenure.metrics.splits import metric_splits

        base = api.Request(key, grain, start, end, (), where, preset, conventions or {}, as_of)
        requests = [replace(base, by=tuple(by)) for by in splits]

        def compute(missing: list[api.Request]) -> list[pd.DataFrame]:
            return metric_splits(self, base, [tuple(request.by) for request in missing])

        return cached_each(self, "metric", requests, compute)

    def explain(
        self,
        key: str,
        period: str | date,
        grain: str = "month",
        by: Sequence[str] = (),
        where: Mapping[str, Any] | None = None,
        preset: str | None = None,
        conventions: Mapping[str, Any] | None = None,
    ) -> Explanation:
        """The SQL, conventions, components and accounts behind one period's value."""
        from tenure.metrics import api, explain
        from tenure.metrics.cache import cached

        request = api.Request(key, grain, None, None, by, where, preset, conventions or {})
        return cached(
            self, "explain", request, lambda: explain.explain(self, request, period), str(period)
        )

    def feedback(
        self,
        survey: str | None = None,
        group: str | None = None,
        start: str | date | None = None,
        end: str | date | None = None,
        by: Sequence[str] = (),
        where: Mapping[str, Any] | None = None,
        top: int = 10,
    ) -> Feedback:
        """Survey comments (score, account, date) and their recurring themes per score group."""
        from tenure.metrics import feedback

        request = feedback.FeedbackRequest(survey, group, start, end, by, where)
        return feedback.feedback(self, request, top)

    def metrics_catalogue(self) -> list[Metric]:
        """Every metric the workspace can compute, as declared in the catalogue."""
        from tenure.metrics.catalogue import METRICS

        return list(METRICS)

    def build_rollups(self) -> list[str]:
        """Build the usage roll-ups (`tenure.metrics.rollups`) that are not up to date with
        the data and the workspace's conventions — after a change of conventions, or in a
        workspace loaded before roll-ups existed; the names of those built."""
        from tenure.metrics.rollups import ensure

        return ensure(self)

    def refresh_series(
        self, series: Sequence[tuple[str, str, tuple[str, ...]]], as_of: date | None = None
    ) -> tuple[dict[tuple[str, str, tuple[str, ...]], pd.DataFrame], RefreshReport]:
        """Bring kept metric series — (key, grain, by) — up to date with the data and the
        day `as_of` (today), recomputing only the periods the changes since the last
        refresh can touch."""
        from tenure.metrics.incremental import refresh

        return refresh(self, series, as_of)

    def cohorts(
        self,
        kind: str = "logo",
        source: str = "auto",
        start: str | date | None = None,
        end: str | date | None = None,
        where: Mapping[str, Any] | None = None,
        preset: str | None = None,
        conventions: Mapping[str, Any] | None = None,
        as_of: date | None = None,
    ) -> pd.DataFrame:
        """Cohort × age table of logo or revenue retention (from subscriptions or invoices),
        as it stood on `as_of` (today)."""
        from tenure.metrics import cohorts
        from tenure.metrics.cache import cached

        request = cohorts.CohortRequest(
            kind, source, start, end, where, preset, conventions or {}, as_of
        )
        return cached(self, "cohorts", request, lambda: cohorts.cohorts(self, request))

    # -- history --------------------------------------------------------------------------

    def snapshot(self, day: date | None = None) -> SnapshotReport:
        """Store the day's company-wide monthly KPIs and account scores (replaces that day's)."""
        from tenure.history import take_snapshot

        return take_snapshot(self, day)

    def snapshots(
        self,
        metric: str,
        measure: str = "value",
        start: date | None = None,
        end: date | None = None,
    ) -> pd.DataFrame:
        """`metric` per month as each snapshot day (from `start` to `end`) reported it."""
        from tenure.history import snapshot_series

        return snapshot_series(self, metric, measure, start, end)

    def restatements(
        self,
        metric: str,
        measure: str = "value",
        snapshot: date | None = None,
        start: date | None = None,
        end: date | None = None,
    ) -> pd.DataFrame:
        """Per month: the value as reported then (in `snapshot`, else at month close) beside
        the value as restated now, and the change."""
        from tenure.history import restatements

        return restatements(self, metric, measure, snapshot, start, end)

    def score_history(
        self,
        kind: str = "health",
        account_id: str | None = None,
        start: date | None = None,
        end: date | None = None,
    ) -> pd.DataFrame:
        """Account scores (`health`, `risk`) as each snapshot day recorded them."""
        from tenure.history import score_history

        return score_history(self, kind, account_id, start, end)

    def review_pack(
        self, account_id: str | None = None, period: str | None = None, format: str = "html"
    ) -> bytes:
        """The executive review pack of the company (or one account) for `period`
        (`2025-Q1`, `2025-03`, `2025`; default the last complete quarter), as HTML or PDF."""
        from tenure.reports import build_pack, render

        return render(build_pack(self, account_id, period), format)

    def refresh_runs(self, limit: int = 50) -> pd.DataFrame:
        """The log of `tenure refresh` runs, newest first."""
        from tenure.ops.runlog import runs

        return runs(self, limit)


def _coverage_column(name: str) -> str | None:
    for column in TABLES[name].columns:
        if column.type in ("timestamp", "date") and column.required:
            return column.name
    return "created_at" if name == "accounts" else None


def _iso(value: object) -> str | None:
    if value is None:
        return None
    iso = getattr(value, "isoformat", None)
    return str(iso()) if iso else str(value)
