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

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from tenure.storage.adapter import Adapter, Rows, arrow_of

NEXT = "__tenure_next"
PREV = "__tenure_prev"

#: Settings of tenure's own Spark SQL session. Decimal products keep their full scale
#: (Spark otherwise cuts them to 6 decimals once the precision passes 38; an overflow is
#: then an error, not a rounded number), and results travel to Python as Arrow.
SESSION_CONF = {
    "spark.sql.decimalOperations.allowPrecisionLoss": "false",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
}


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
