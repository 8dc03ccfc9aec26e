"""Spark: a workspace in one Spark database, written by whole-table swaps.

Spark's built-in tables have neither transactions nor `DELETE`, and Ibis cannot make
temporary tables there. So on Spark:

- scratch ("temporary") tables are ordinary tables in the workspace's database, written
  out at once (so they never re-read a table that changes later) and dropped after use;
- removing or replacing rows writes the table's new contents to `<table>__tenure_next`
  and swaps it in by two renames; the old contents are kept as `<table>__tenure_prev`
  until the swap is done. A crash midway is repaired the next time the workspace opens
  (`recover`), so each table is always either wholly old or wholly new;
- an import is *not* atomic across tables: a failure between the data table's swap and
  the quarantine or import-log writes leaves the data in and its log entry missing.
  Imports are idempotent, so running the same import again completes it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import reduce
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.operations as ops
import ibis.expr.types as ir
import pyarrow as pa
import sqlglot.expressions as sge
from ibis.backends import BaseBackend
from ibis.backends.pyspark import Backend as IbisPySparkBackend
from ibis.backends.sql.compilers.base import NULL
from ibis.backends.sql.compilers.pyspark import PySparkCompiler as IbisPySparkCompiler
from ibis.formats.pyarrow import PyArrowData

from tenure.storage.adapter import Adapter, Rows, arrow_of

NEXT = "__tenure_next"
PREV = "__tenure_prev"
DEFAULT_DATABASE = "tenure"

#: Settings of tenure's own Spark SQL session. Decimal products keep their full scale
#: (Spark otherwise cuts them to 6 decimals once the precision passes 38; an overflow is
#: then an error, not a rounded number), and results travel to Python as Arrow.
SESSION_CONF = {
    "spark.sql.decimalOperations.allowPrecisionLoss": "false",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
}


def connect_spark(url: str) -> BaseBackend:
    """An Ibis backend on a Spark session, using the workspace's own Spark database.

    `pyspark://[/warehouse/dir]?database=NAME&master=…&remote=sc://…&spark.x.y=…`: an
    existing session in this process is reused (in a new SQL session, so two workspaces
    do not share a current database); otherwise one is built from the URL.
    """
    from pyspark.sql import SparkSession

    parts = urlsplit(url)
    params = dict(parse_qsl(parts.query))
    database = params.pop("database", DEFAULT_DATABASE)
    builder: Any = SparkSession.builder
    if remote := params.pop("remote", None):
        builder = builder.remote(remote)
    elif master := params.pop("master", None):
        builder = builder.master(master)
    if parts.path not in ("", "/"):
        builder = builder.config("spark.sql.warehouse.dir", parts.path)
    for key, value in params.items():
        builder = builder.config(key, value)
    session = _own_session(builder.getOrCreate())
    if getattr(ibis.options, "pyspark", None) is None:  # Ibis registers them on first use
        SparkBackend.register_options()
    con = SparkBackend().connect(session)
    name = _ident(database)
    con.raw_sql(f"CREATE DATABASE IF NOT EXISTS {name}")
    con.raw_sql(f"USE {name}")
    return con


def _own_session(session: Any) -> Any:
    """A new SQL session on the same Spark context (Spark Connect sessions stay as they are)."""
    try:
        return session.newSession()
    except Exception:  # Spark Connect has no newSession()
        return session


def _ident(name: str) -> str:
    return sge.to_identifier(name, quoted=True).sql(dialect="spark")


class SparkCompiler(IbisPySparkCompiler):  # type: ignore[misc]
    """Ibis's Spark compiler, with two fixes.

    Epoch seconds to the microsecond as on DuckDB and Postgres (`UNIX_TIMESTAMP` truncates
    to whole seconds, so durations would differ by up to a second); filtered medians.
    """

    def visit_ExtractEpochSeconds(
        self, op: ops.ExtractEpochSeconds, *, arg: sge.Expression
    ) -> sge.Expression:
        micros = self.f.unix_micros(self.cast(arg, dt.timestamp))
        return sge.Div(this=micros, expression=sge.convert(1_000_000))

    def visit_Median(
        self, op: ops.Median, *, arg: sge.Expression, where: sge.Expression | None
    ) -> sge.Expression:
        """`percentile(x, 0.5)` with the filter on `x` only (Ibis also wraps the constant
        0.5 in it, which Spark refuses: the percentage must be a constant)."""
        if where is not None:
            arg = self.if_(where, arg, NULL)
        result: sge.Expression = self.f.percentile(arg, 0.5)
        return result


class SparkBackend(IbisPySparkBackend):  # type: ignore[misc]
    """Ibis's PySpark backend with `SparkCompiler`, reading results as Arrow, not pandas.

    Ibis goes through pandas, where an integer column with NULLs becomes float (values
    past 2**53 change) — Spark's own `toArrow()` keeps every value exact.
    """

    compiler = SparkCompiler()

    def to_pyarrow(
        self,
        expr: ir.Expr,
        /,
        *,
        params: Mapping[ir.Scalar, Any] | None = None,
        limit: int | str | None = None,
        **kwargs: Any,
    ) -> Any:
        """The result of `expr` as Arrow (a table, column or scalar like Ibis's)."""
        self._run_pre_execute_hooks(expr)
        table_expr = expr.as_table()
        sql = self.compile(table_expr, params=params, limit=limit, **kwargs)
        arrow = self._session.sql(sql).toArrow()
        table = PyArrowData.convert_table(arrow, table_expr.schema())
        return expr.__pyarrow_result__(table)


class SparkAdapter(Adapter):
    """No transactions: scratch tables are real tables, changes are whole-table swaps."""

    atomic = False

    @property
    def session(self) -> Any:
        """The backend's `SparkSession`."""
        return self.con._session  # type: ignore[attr-defined]

    def prepare(self) -> None:
        """Set tenure's SQL settings on its session; finish or undo an interrupted swap."""
        for key, value in SESSION_CONF.items():
            self.session.conf.set(key, value)
        recover(self)

    def close(self) -> None:
        """Leave the Spark context running: other sessions of this process may share it."""

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """No transaction on Spark: each table write is whole, the import as a whole is not."""
        yield

    def create_temp(self, name: str, rows: Rows) -> ir.Table:
        """A scratch table, materialised now (a view would re-read tables that change)."""
        data = arrow_of(rows)
        if data is None:
            return self.con.create_table(name, rows, overwrite=True)
        if data.num_rows == 0:  # the catalog alone, no Spark job
            self.drop(name)
            return self.con.create_table(name, schema=ibis.Schema.from_pyarrow(data.schema))
        frame = self.session.createDataFrame(data)
        frame.write.saveAsTable(name, format="parquet", mode="overwrite")
        return self.con.table(name)

    def insert(self, name: str, rows: Rows) -> None:
        """Append rows, matching columns by name and casting to the table's types."""
        data = arrow_of(rows)
        if data is None:
            self.con.insert(name, rows)  # type: ignore[attr-defined]
        elif data.num_rows:
            self._append_arrow(name, data)

    def _append_arrow(self, name: str, data: pa.Table) -> None:
        from pyspark.sql import functions as F

        target = self.session.table(name).schema
        frame = self.session.createDataFrame(data)
        present = set(data.column_names)
        columns = [
            (F.col(f"`{f.name}`") if f.name in present else F.lit(None))
            .cast(f.dataType)
            .alias(f.name)
            for f in target.fields
        ]
        frame.select(*columns).write.insertInto(name)

    def delete_matching(self, target: str, keys_table: str, key: Sequence[str]) -> None:
        """Rewrite `target` without the rows keyed in `keys_table`."""
        table = self.con.table(target)
        self.rewrite(target, table.anti_join(self.con.table(keys_table), list(key)))

    def delete_where(self, target: str, equals: Mapping[str, str]) -> None:
        """Rewrite `target` without the rows whose columns equal the given strings."""
        table = self.con.table(target)
        matches = reduce(
            lambda left, right: left & right,
            [table[column] == value for column, value in equals.items()],
        ).fill_null(False)
        if _any(table.filter(matches)):
            self.rewrite(target, table.filter(~matches))

    def replace_rows(self, target: str, keys_table: str, rows: str, key: Sequence[str]) -> None:
        """Rewrite `target` with the keyed rows replaced, in a single swap."""
        table = self.con.table(target)
        kept = table.anti_join(self.con.table(keys_table), list(key))
        added = self.con.table(rows).select(*table.columns)
        self.rewrite(target, kept.union(added))

    def rewrite(self, target: str, contents: ir.Table) -> None:
        """Make `contents` the rows of `target`: write them in full, then swap them in."""
        schema = self.con.table(target).schema()
        self.con.create_table(f"{target}{NEXT}", contents.cast(schema), overwrite=True)
        self.con.rename_table(target, f"{target}{PREV}")  # type: ignore[attr-defined]
        self.con.rename_table(f"{target}{NEXT}", target)  # type: ignore[attr-defined]
        self.drop(f"{target}{PREV}")


def _any(rows: ir.Table) -> bool:
    """Whether `rows` has a row (one small job, far cheaper than a needless rewrite)."""
    return bool(rows.limit(1).count().to_pyarrow().as_py() > 0)


def recover(adapter: SparkAdapter) -> None:
    """Complete a swap whose new contents are written, or drop one that never started."""
    tables = set(adapter.con.list_tables())
    for name in sorted(t for t in tables if t.endswith(NEXT)):
        base = name.removesuffix(NEXT)
        if base in tables:
            adapter.drop(name)
        else:
            adapter.con.rename_table(name, base)  # type: ignore[attr-defined]
            tables.add(base)
    for name in sorted(t for t in tables if t.endswith(PREV)):
        if name.removesuffix(PREV) in tables:
            adapter.drop(name)
