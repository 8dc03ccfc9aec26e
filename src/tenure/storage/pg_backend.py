"""Ibis's Postgres backend, with the two gaps tenure's expressions hit closed.

- Postgres casts a boolean to `integer` only; `CAST(flag AS BIGINT)` (or `DOUBLE
  PRECISION`) fails, so the compiler goes through `integer`.
- A float literal (`0.0`) is `numeric` in Postgres, so an expression Ibis types as a float
  can come back as `Decimal`; results are read into the float type Ibis declared, as
  DuckDB's are, instead of failing in Arrow.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl, urlparse

import ibis.expr.datatypes as dt
import ibis.expr.operations as ops
import ibis.expr.types as ir
import pyarrow as pa
import sqlglot.expressions as sge
from ibis import util
from ibis.backends import BaseBackend
from ibis.backends.postgres import Backend as IbisPostgresBackend
from ibis.backends.sql.compilers.postgres import PostgresCompiler as IbisPostgresCompiler


class PostgresCompiler(IbisPostgresCompiler):  # type: ignore[misc]
    """Ibis's Postgres compiler, plus the casts Postgres lacks (boolean → bigint, double…)."""

    def visit_Cast(self, op: ops.Cast, *, arg: sge.Expression, to: dt.DataType) -> sge.Expression:
        """Postgres casts booleans to `integer` only: go through it to any other number."""
        if op.arg.dtype.is_boolean() and to.is_numeric() and not to.is_int32():
            arg = self.cast(arg, dt.int32)
        result: sge.Expression = super().visit_Cast(op, arg=arg, to=to)
        return result


class PostgresBackend(IbisPostgresBackend):  # type: ignore[misc]
    """Ibis's Postgres backend with `PostgresCompiler` and float results read as floats."""

    compiler = PostgresCompiler()

    def to_pyarrow_batches(
        self,
        expr: ir.Expr,
        /,
        *,
        params: Mapping[ir.Scalar, Any] | None = None,
        limit: int | str | None = None,
        chunk_size: int = 1_000_000,
        **_: Any,
    ) -> pa.RecordBatchReader:
        """The result of `expr` in Arrow batches of the types Ibis declared."""
        self._run_pre_execute_hooks(expr)
        schema = expr.as_table().schema()
        query = self.compile(expr, limit=limit, params=params)
        batches = self._batches(query, schema.as_struct().to_pyarrow(), chunk_size)
        return pa.RecordBatchReader.from_batches(schema.to_pyarrow(), batches)

    def _batches(self, query: str, struct: pa.StructType, size: int) -> Iterator[pa.RecordBatch]:
        con = self.con
        name = util.gen_name("postgres_cursor")  # server-side cursors need unique names
        with con.cursor(name=name) as cursor, con.transaction():
            cursor.execute(query)
            while rows := cursor.fetchmany(size):
                yield pa.RecordBatch.from_struct_array(_struct_array(rows, struct))


def _struct_array(rows: list[tuple[Any, ...]], struct: pa.StructType) -> pa.StructArray:
    """Rows as Arrow structs; `Decimal`s in float columns (numeric literals) become floats."""
    try:
        return pa.array(rows, type=struct)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        floats = {i for i, field in enumerate(struct) if pa.types.is_floating(field.type)}
        fixed = [tuple(_float(v) if i in floats else v for i, v in enumerate(r)) for r in rows]
        return pa.array(fixed, type=struct)


def _float(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


def connect_postgres(url: str) -> BaseBackend:
    """`PostgresBackend` on `url`, parsed as `ibis.connect` parses it (query → libpq)."""
    parsed = urlparse(url)
    con: BaseBackend = PostgresBackend()._from_url(parsed, **dict(parse_qsl(parsed.query)))
    return con
