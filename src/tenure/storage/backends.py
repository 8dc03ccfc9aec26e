"""Which adapter serves which backend, and how a backend URL becomes a connection.

| backend  | adapter          | imports                                   |
|----------|------------------|-------------------------------------------|
| duckdb   | `DuckDBAdapter`  | atomic (SQL transaction)                  |
| postgres | `PostgresAdapter`| atomic (psycopg transaction), COPY loads  |
| pyspark  | `SparkAdapter`   | per-table whole swaps, not atomic overall |
| others   | `Adapter`        | standard SQL: `BEGIN`/`COMMIT`, `DELETE`  |
"""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

import ibis
import pyarrow as pa
from ibis.backends import BaseBackend

from tenure.storage.adapter import Adapter, Rows

SPARK_SCHEMES = ("pyspark",)
POSTGRES_SCHEMES = ("postgres", "postgresql")

#: What a backend cannot compute: (backend, metric key) → the error it raises. The backend
#: suite asserts exactly these errors; everything else must equal DuckDB's result.
UNSUPPORTED: dict[tuple[str, str], type[Exception]] = {}


def unsupported(backend: str, key: str) -> type[Exception] | None:
    """The error `backend` raises for metric `key`, when it is declared unable to compute it."""
    return UNSUPPORTED.get((backend, key))


class DuckDBAdapter(Adapter):
    """DuckDB: the generic path, with the session in UTC, a memory ceiling, and Arrow
    rows appended straight from Arrow."""

    def prepare(self) -> None:
        self.execute("SET TimeZone='UTC'")

    def limit_memory(self, limit: str) -> None:
        """DuckDB's ceiling for its buffers; past it, it spills to `<database>.tmp`."""
        self.execute(f"SET memory_limit='{limit}'")

    def insert(self, name: str, rows: Rows) -> None:
        """Append rows, matching columns by name. Arrow rows are scanned in place and let go
        at once: Ibis would keep each inserted Arrow table registered (and in memory) until
        its expression is collected, which held gigabytes during a large import."""
        if not isinstance(rows, pa.Table):
            super().insert(name, rows)
            return
        if rows.num_rows == 0:
            return
        raw = self.con.con  # type: ignore[attr-defined]
        view = f"tenure_rows_{uuid.uuid4().hex[:12]}"
        raw.register(view, rows)
        try:
            raw.execute(f'INSERT INTO "{name}" BY NAME SELECT * FROM "{view}"')
        finally:
            raw.unregister(view)


def connect(url: str) -> BaseBackend:
    """Open the backend named by `url` (Spark URLs are tenure's own, see `spark_backend.py`;
    Postgres and Spark connections are Ibis's backends with tenure's fixes)."""
    scheme = urlsplit(url).scheme
    if scheme in SPARK_SCHEMES:
        from tenure.storage.spark_backend import connect_spark

        return connect_spark(url)
    if scheme in POSTGRES_SCHEMES:
        from tenure.storage.pg_backend import connect_postgres

        return connect_postgres(url)
    return ibis.connect(url)


def adapter_for(con: BaseBackend) -> Adapter:
    """The adapter for an open Ibis backend (the generic one when none is specific)."""
    if con.name == "duckdb":
        return DuckDBAdapter(con)
    if con.name == "postgres":
        from tenure.storage.postgres import PostgresAdapter

        return PostgresAdapter(con)
    if con.name == "pyspark":
        from tenure.storage.spark import SparkAdapter

        return SparkAdapter(con)
    return Adapter(con)
