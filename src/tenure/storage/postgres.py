"""PostgreSQL: psycopg transactions and bulk loads with `COPY … FROM STDIN`.

The connection is a `pg_backend.PostgresBackend` (Ibis's, with two gaps closed).

Ibis loads Arrow data into Postgres with one `INSERT` per row; tenure streams it as CSV
through `COPY` instead (tens of times faster). Floats are written in their shortest
exact form, so values round-trip bit for bit.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.csv as pacsv
import sqlglot.expressions as sge

from tenure.storage.adapter import Adapter, Rows, arrow_of

#: Rows rendered to CSV and handed to `COPY` at a time.
COPY_ROWS = 65_536


class PostgresAdapter(Adapter):
    """Transactions through psycopg (Ibis's own statements nest as savepoints) and COPY."""

    @property
    def psycopg(self) -> Any:
        """The backend's psycopg connection (autocommit outside `transaction()`)."""
        return self.con.con  # type: ignore[attr-defined]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One psycopg transaction: committed on success, rolled back on any error."""
        with self.psycopg.transaction():
            yield

    def create_temp(self, name: str, rows: Rows) -> ir.Table:
        """A temporary table; Arrow data (and memtables) are loaded with COPY."""
        data = arrow_of(rows)
        if data is None:
            return super().create_temp(name, rows)
        self.drop(name)
        self._create_empty(name, data.schema, temp=True)
        self.copy(name, data)
        return self.con.table(name)

    def insert(self, name: str, rows: Rows) -> None:
        """Append rows; Arrow data (and memtables) go through COPY."""
        data = arrow_of(rows)
        if data is None:
            super().insert(name, rows)
        elif data.num_rows:
            self.copy(name, data)

    def copy(self, name: str, data: pa.Table) -> None:
        """Stream `data` into table `name` with `COPY … FROM STDIN (FORMAT csv)`."""
        columns = ", ".join(_ident(column) for column in data.column_names)
        statement = f"COPY {_ident(name)} ({columns}) FROM STDIN (FORMAT csv)"
        with self.psycopg.cursor() as cursor, cursor.copy(statement) as copy:
            for batch in data.to_batches(max_chunksize=COPY_ROWS):
                copy.write(_csv_bytes(batch))

    def _create_empty(self, name: str, schema: pa.Schema, temp: bool) -> None:
        ibis_schema = ibis.Schema.from_pyarrow(schema)
        target = sge.Schema(
            this=sge.table_(name, quoted=True),
            expressions=ibis_schema.to_sqlglot_column_defs(self.con.dialect),  # type: ignore[attr-defined]
        )
        properties = [sge.TemporaryProperty()] if temp else []
        create = sge.Create(
            kind="TABLE", this=target, properties=sge.Properties(expressions=properties)
        )
        self.execute(create)


def _ident(name: str) -> str:
    return sge.to_identifier(name, quoted=True).sql(dialect="postgres")


def _csv_bytes(data: pa.RecordBatch) -> bytes:
    """CSV without a header: NULL is an empty field, an empty string is `""`."""
    sink = io.BytesIO()
    options = pacsv.WriteOptions(include_header=False)
    pacsv.write_csv(data, sink, write_options=options)
    return sink.getvalue()
