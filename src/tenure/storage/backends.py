"""Which adapter serves which backend, and how a backend URL becomes a connection.

| backend  | adapter          | imports                                   |
|----------|------------------|-------------------------------------------|
| duckdb   | `DuckDBAdapter`  | atomic (SQL transaction)                  |
| postgres | `PostgresAdapter`| atomic (psycopg transaction), COPY loads  |
| pyspark  | `SparkAdapter`   | per-table whole swaps, not atomic overall |
| others   | `Adapter`        | standard SQL: `BEGIN`/`COMMIT`, `DELETE`  |
"""

from __future__ import annotations

from urllib.parse import urlsplit

import ibis
from ibis.backends import BaseBackend

from tenure.storage.adapter import Adapter

SPARK_SCHEMES = ("pyspark",)
POSTGRES_SCHEMES = ("postgres", "postgresql")

#: What a backend cannot compute: (backend, metric key) → the error it raises. The backend
#: suite asserts exactly these errors; everything else must equal DuckDB's result.
UNSUPPORTED: dict[tuple[str, str], type[Exception]] = {}


def unsupported(backend: str, key: str) -> type[Exception] | None:
    """The error `backend` raises for metric `key`, when it is declared unable to compute it."""
    return UNSUPPORTED.get((backend, key))


class DuckDBAdapter(Adapter):
    """DuckDB: the generic path, with the session in UTC."""

    def prepare(self) -> None:
        self.execute("SET TimeZone='UTC'")


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
