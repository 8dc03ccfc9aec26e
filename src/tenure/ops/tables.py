"""The operations' own tables (tasks, goals, webhook deliveries), kept through the Store.

Created on first use with an Ibis schema, so they live on whatever backend the workspace
uses; rows are read with Ibis and written with the Store's insert and keyed replace.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from itertools import count
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd
import pyarrow as pa

from tenure.storage.store import Store

_SCRATCH = count()


def ensure(store: Store, name: str, schema: ibis.Schema) -> ir.Table:
    """The table `name`, created empty with `schema` when it does not exist yet."""
    if not store.has_table(name):
        store.con.create_table(name, schema=schema)
    return store.table(name)


def arrow_rows(rows: Sequence[dict[str, object]], schema: ibis.Schema) -> pa.Table:
    """Python rows as an Arrow table typed by `schema` (missing keys are nulls)."""
    arrow_schema = schema.to_pyarrow()
    columns = {
        name: pa.array([row.get(name) for row in rows], arrow_schema.field(name).type)
        for name in schema.names
    }
    return pa.table(columns, schema=arrow_schema)


def insert(store: Store, name: str, schema: ibis.Schema, rows: Sequence[dict[str, object]]) -> None:
    """Append rows to table `name`."""
    if rows:
        ensure(store, name, schema)
        store.insert(name, arrow_rows(rows, schema))


def replace(
    store: Store, name: str, schema: ibis.Schema, rows: Sequence[dict[str, object]], key: str
) -> None:
    """Replace the stored rows whose `key` matches one of `rows` by `rows` (one transaction)."""
    if not rows:
        return
    ensure(store, name, schema)
    scratch = f"tenure_ops_scratch_{next(_SCRATCH)}"
    with store.transaction():
        store.create_temp(scratch, arrow_rows(rows, schema))
        store.replace_rows(name, scratch, scratch, [key])
    store.drop(scratch)


def read(store: Store, name: str, schema: ibis.Schema) -> pd.DataFrame:
    """Every row of table `name` (empty with the right columns when it does not exist)."""
    if not store.has_table(name):
        return empty(schema)
    return frame_of(store.table(name))


def frame_of(table: ir.Table) -> pd.DataFrame:
    """An Ibis table as pandas (through Arrow, so every backend gives the same types)."""
    frame: pd.DataFrame = table.to_pyarrow().to_pandas()
    return frame


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A frame's rows as dictionaries keyed by column name."""
    return [{str(key): value for key, value in row.items()} for row in frame.to_dict("records")]


def empty(schema: ibis.Schema) -> pd.DataFrame:
    """An empty frame with the columns of `schema`."""
    frame: pd.DataFrame = schema.to_pyarrow().empty_table().to_pandas()
    return frame


def now() -> datetime:
    """Now as a naive UTC timestamp (how the workspace stores time)."""
    return datetime.now(UTC).replace(tzinfo=None)
