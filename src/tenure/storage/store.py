"""The workspace database: canonical tables on any Ibis backend, plus transactions and DDL.

Reads go through Ibis expressions. The few statements Ibis does not model (transactions,
adding a column, deleting matched rows) are standard SQL built with sqlglot in the
backend's own dialect, so no code here assumes DuckDB.
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import ibis
import ibis.expr.types as ir
import pyarrow as pa
import sqlglot.expressions as sge
from ibis.backends import BaseBackend

from tenure.errors import WorkspaceError
from tenure.schema import TABLES, ColumnType
from tenure.storage.adapter import Adapter
from tenure.storage.backends import adapter_for
from tenure.storage.backends import connect as connect_backend
from tenure.storage.types import IBIS_TYPES, column_type_of, ibis_schema

BACKEND_ENV = "TENURE_BACKEND"

QUARANTINE_TABLE = "tenure_quarantine"
IMPORTS_TABLE = "tenure_imports"

BOOKKEEPING: dict[str, ibis.Schema] = {
    QUARANTINE_TABLE: ibis.schema(
        {
            "import_id": "string",
            "table_name": "string",
            "file": "string",
            "file_sha256": "string",
            "line": "int64",
            "column": "string",
            "value": "string",
            "reason": "string",
            "record": "string",
            "imported_at": "timestamp",
        }
    ),
    IMPORTS_TABLE: ibis.schema(
        {
            "import_id": "string",
            "table_name": "string",
            "file": "string",
            "file_sha256": "string",
            "format": "string",
            "started_at": "timestamp",
            "finished_at": "timestamp",
            "rows_read": "int64",
            "inserted": "int64",
            "updated": "int64",
            "unchanged": "int64",
            "quarantined": "int64",
        }
    ),
}


def duckdb_file(url: str, folder: Path) -> Path | None:
    """The DuckDB database file the backend URL names (resolved), or None for another
    backend or an in-memory database."""
    resolved = resolve_url(url, folder)
    if urlsplit(resolved).scheme != "duckdb":
        return None
    path = resolved[len("duckdb://") :]
    return Path(path) if path.startswith("/") else None


def resolve_url(url: str, folder: Path) -> str:
    """The backend URL with a relative DuckDB path made relative to the workspace folder."""
    url = os.environ.get(BACKEND_ENV) or url
    parts = urlsplit(url)
    if parts.scheme != "duckdb":
        return url
    path = url[len("duckdb://") :]
    if path in ("", ":memory:") or path.startswith("/"):
        return url
    return f"duckdb://{(folder / path).resolve()}"


def redact(url: str) -> str:
    """The URL without its password, safe for logs and error messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return url.replace(f":{parts.password}@", ":***@")


def redact_text(text: str, url: str) -> str:
    """`text` (say, a driver's error message) without the password of `url`."""
    password = urlsplit(url).password
    return text.replace(password, "***") if password else text


LOCK_ENV = "TENURE_LOCK_WAIT"
LOCK_MESSAGE = "Could not set lock on file"
#: Connections of one process are opened and closed one at a time: threads opening a
#: DuckDB file at once race in DuckDB's instance cache.
_OPENING = threading.Lock()
#: What DuckDB says while another thread's failed or closing attach of the file lingers
#: (seen while two server processes took turns): transient, so waited out like the lock.
ATTACH_MESSAGE = "Unique file handle conflict"


class WorkspaceBusy(WorkspaceError):
    """Another process holds the workspace's DuckDB file for longer than we wait."""


def _lock_wait() -> float:
    """Seconds to wait for another process's DuckDB lock (`TENURE_LOCK_WAIT`, default 30)."""
    try:
        return max(0.0, float(os.environ.get(LOCK_ENV, "30")))
    except ValueError:
        return 30.0


class Store:
    """A workspace's tables on one Ibis backend."""

    def __init__(self, con: BaseBackend, url: str) -> None:
        self.con = con
        self.url = url
        self.backend_name: str = con.name
        self.adapter: Adapter = adapter_for(con)

    @classmethod
    def connect(cls, url: str, folder: Path) -> Store:
        """Connect to the backend named by `url` (a clear one-line error when it fails).

        A DuckDB file admits one writing process: while another process holds it, wait
        (with backoff, up to `TENURE_LOCK_WAIT` seconds) rather than fail at once.
        """
        resolved = resolve_url(url, folder)
        deadline = time.monotonic() + _lock_wait()
        delay = 0.02
        while True:
            try:
                with _OPENING:
                    con = connect_backend(resolved)
                break
            except Exception as error:  # any driver error becomes one line
                message = str(error)
                transient = LOCK_MESSAGE in message or ATTACH_MESSAGE in message
                if transient and time.monotonic() < deadline:
                    time.sleep(delay * (0.5 + random.random()))
                    delay = min(delay * 2, 0.25)
                    continue
                first_line = message.splitlines()[0] if message else type(error).__name__
                first_line = redact_text(first_line, resolved)  # drivers echo the URL
                kind = WorkspaceBusy if LOCK_MESSAGE in message else WorkspaceError
                raise kind(f"cannot open backend {redact(resolved)}: {first_line}") from None
        store = cls(con, resolved)
        store._prepare_session()
        return store

    def _prepare_session(self) -> None:
        self.adapter.prepare()

    @property
    def atomic(self) -> bool:
        """Whether an import is all-or-nothing on this backend (not on Spark)."""
        return self.adapter.atomic

    def close(self) -> None:
        with _OPENING:  # closing the last connection tears DuckDB's instance down
            self.adapter.close()

    # -- schema ---------------------------------------------------------------------------

    def ensure_tables(self) -> None:
        """Create every canonical and bookkeeping table that does not exist yet, and add the
        canonical columns an older workspace lacks (the schema grows; stored rows stay)."""
        stored_columns = self._stored_columns()
        existing = set(stored_columns)
        for name, table in TABLES.items():
            if name not in existing:
                self.con.create_table(name, schema=ibis_schema(table))
                continue
            stored = stored_columns[name]
            for column in table.columns:
                if column.name not in stored:
                    self.add_column(name, column.name, column.type)
        for name, schema in BOOKKEEPING.items():
            if name not in existing:
                self.con.create_table(name, schema=schema)

    def _stored_columns(self) -> dict[str, set[str]]:
        """Table → its column names: one catalogue query on DuckDB (opening a workspace
        stays cheap — the server opens one per request), one schema read per table else."""
        if self.backend_name == "duckdb":
            rows = self.con.raw_sql(  # type: ignore[attr-defined]
                "SELECT table_name, column_name FROM duckdb_columns() "
                "WHERE schema_name = current_schema() AND database_name = current_database()"
            ).fetchall()
            found: dict[str, set[str]] = {}
            for table, column in rows:
                found.setdefault(table, set()).add(column)
            return found
        return {name: set(self.con.get_schema(name)) for name in self.con.list_tables()}

    def has_table(self, name: str) -> bool:
        return name in self.con.list_tables()

    def table(self, name: str) -> ir.Table:
        return self.con.table(name)

    def column_types(self, name: str) -> dict[str, ColumnType]:
        """Column name → canonical column type, as stored (canonical and attribute columns)."""
        schema = self.con.get_schema(name)
        return {column: column_type_of(dtype) for column, dtype in schema.items()}

    def add_column(self, table: str, column: str, column_type: ColumnType) -> None:
        """Add an attribute column (inside the caller's transaction when there is one)."""
        sql_type = self.con.compiler.type_mapper.from_ibis(IBIS_TYPES[column_type])  # type: ignore[attr-defined]
        name = sge.to_identifier(column, quoted=True)
        self._alter(table, sge.ColumnDef(this=name, kind=sql_type))

    def drop_column(self, table: str, column: str) -> None:
        """Drop a column (used on scratch tables only: a metadata change on DuckDB)."""
        self._alter(table, sge.Drop(this=sge.to_identifier(column, quoted=True), kind="COLUMN"))

    def _alter(self, table: str, action: sge.Expression) -> None:
        """ALTER TABLE `table` with one action, in the backend's dialect."""
        statement = sge.Alter(this=sge.table_(table, quoted=True), kind="TABLE", actions=[action])
        self.execute(statement)

    def duckdb_connection(self) -> duckdb.DuckDBPyConnection | None:
        """The workspace's own DuckDB connection, for the few steps that have a faster
        DuckDB-only form (None on other backends)."""
        if self.backend_name != "duckdb":
            return None
        raw: duckdb.DuckDBPyConnection = self.con.con  # type: ignore[attr-defined]
        return raw

    # -- writes ---------------------------------------------------------------------------

    def execute(self, statement: sge.Expression | str) -> None:
        self.adapter.execute(statement)

    def transaction(self) -> AbstractContextManager[None]:
        """All or nothing where the backend allows it (see `tenure.storage.backends`)."""
        return self.adapter.transaction()

    def create_temp(self, name: str, obj: pa.Table | ir.Table) -> ir.Table:
        """A scratch table holding `obj` (materialised now), gone with the connection."""
        return self.adapter.create_temp(name, obj)

    def insert(self, name: str, obj: pa.Table | ir.Table) -> None:
        self.adapter.insert(name, obj)

    def drop(self, name: str) -> None:
        self.adapter.drop(name)

    def delete_matching(self, target: str, keys_table: str, key: Sequence[str]) -> None:
        """Delete the rows of `target` whose key appears in `keys_table`."""
        self.adapter.delete_matching(target, keys_table, key)

    def delete_where(self, target: str, equals: dict[str, str]) -> None:
        """Delete the rows of `target` whose columns equal the given strings."""
        self.adapter.delete_where(target, equals)

    def replace_rows(self, target: str, keys_table: str, rows: str, key: Sequence[str]) -> None:
        """Replace the rows of `target` keyed in `keys_table` by all rows of table `rows`."""
        self.adapter.replace_rows(target, keys_table, rows, key)
