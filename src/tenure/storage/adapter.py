"""How the workspace writes to its backend: the generic behaviour, for any SQL backend.

`Store` keeps one `Adapter` and calls it for everything a backend may do differently:
transactions, staging tables, bulk loads, deletes. This base class is plain standard SQL
through Ibis and sqlglot (DuckDB uses it as is); `postgres.py` and `spark.py` override
the parts that are wrong or slow there.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TypeAlias

import ibis.expr.operations as ops
import ibis.expr.types as ir
import pyarrow as pa
import sqlglot.expressions as sge
from ibis.backends import BaseBackend

Rows: TypeAlias = pa.Table | ir.Table


class Adapter:
    """The generic write path: real transactions, Ibis tables and standard DELETE."""

    #: Whether `transaction()` makes an import all-or-nothing on this backend.
    atomic: bool = True

    def __init__(self, con: BaseBackend) -> None:
        self.con = con

    def prepare(self) -> None:
        """Set up a new connection (time zone and the like)."""

    def limit_memory(self, limit: str) -> None:
        """Keep the engine within `limit` (such as '4GB'); engines that manage their own
        memory ignore it."""

    def close(self) -> None:
        """Release the connection."""
        self.con.disconnect()

    def execute(self, statement: sge.Expression | str) -> None:
        """Run one statement (a sqlglot expression is rendered in the backend's dialect)."""
        dialect = self.con.dialect  # type: ignore[attr-defined]
        sql = statement if isinstance(statement, str) else statement.sql(dialect=dialect)
        self.con.raw_sql(sql)  # type: ignore[attr-defined]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing: everything written inside commits together or not at all."""
        self.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.execute("ROLLBACK")
            raise
        self.execute("COMMIT")

    def create_temp(self, name: str, rows: Rows) -> ir.Table:
        """A scratch table holding `rows` (materialised now), gone with the connection."""
        return self.con.create_table(name, rows, temp=True, overwrite=True)

    def insert(self, name: str, rows: Rows) -> None:
        """Append rows to a table (columns matched by name)."""
        if isinstance(rows, pa.Table) and rows.num_rows == 0:
            return
        self.con.insert(name, rows)  # type: ignore[attr-defined]

    def drop(self, name: str) -> None:
        """Drop a table if it exists."""
        self.con.drop_table(name, force=True)  # type: ignore[attr-defined]

    def delete_matching(self, target: str, keys_table: str, key: Sequence[str]) -> None:
        """Delete the rows of `target` whose key appears in `keys_table`."""
        self.execute(sge.delete(_quoted(target), where=_key_in(target, keys_table, key)))

    def delete_where(self, target: str, equals: Mapping[str, str]) -> None:
        """Delete the rows of `target` whose columns equal the given strings."""
        self.execute(sge.delete(_quoted(target), where=_equals(equals)))

    def replace_rows(self, target: str, keys_table: str, rows: str, key: Sequence[str]) -> None:
        """Replace the rows of `target` keyed in `keys_table` with the rows of table `rows`."""
        self.delete_matching(target, keys_table, key)
        self.insert(target, self.con.table(rows))


def arrow_of(rows: Rows) -> pa.Table | None:
    """The Arrow data behind `rows` when it lives in Python (a table or a memtable)."""
    if isinstance(rows, pa.Table):
        return rows
    op = rows.op()
    if isinstance(op, ops.InMemoryTable):
        data: pa.Table = op.data.to_pyarrow(op.schema)
        return data
    return None


def _quoted(name: str) -> sge.Table:
    return sge.table_(name, quoted=True)


def _key_in(target: str, keys_table: str, key: Sequence[str]) -> sge.Exists:
    """`EXISTS (SELECT 1 FROM keys_table AS k WHERE k.key = target.key …)`."""
    match = sge.and_(
        *[
            sge.column(column, table="k", quoted=True).eq(
                sge.column(column, table=target, quoted=True)
            )
            for column in key
        ]
    )
    subquery = sge.select("1").from_(_quoted(keys_table).as_("k")).where(match)
    return sge.Exists(this=subquery)


def _equals(equals: Mapping[str, str]) -> sge.Condition:
    return sge.and_(
        *[
            sge.column(column, quoted=True).eq(sge.convert(value))
            for column, value in equals.items()
        ]
    )
