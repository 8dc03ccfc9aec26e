"""Ibis's PySpark backend as tenure opens it: its own URL, SQL session and two fixes.

- `pyspark://…` URLs name the workspace's Spark database and, when tenure starts Spark,
  how (`connect_spark`).
- Epoch seconds keep their microseconds as on DuckDB and Postgres, and filtered medians
  compile (`SparkCompiler`); results are read with `toArrow()` (`SparkBackend`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.operations as ops
import ibis.expr.types as ir
import sqlglot.expressions as sge
from ibis.backends import BaseBackend
from ibis.backends.pyspark import Backend as IbisPySparkBackend
from ibis.backends.sql.compilers.base import NULL
from ibis.backends.sql.compilers.pyspark import PySparkCompiler as IbisPySparkCompiler
from ibis.formats.pyarrow import PyArrowData

DEFAULT_DATABASE = "tenure"


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
