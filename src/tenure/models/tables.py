"""The models' own tables in the workspace database: created on first use, and written a
day at a time (saving a day again replaces it, atomically where the backend allows)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import ibis
import pyarrow as pa

if TYPE_CHECKING:
    from tenure.workspace import Workspace


def ensure_table(ws: Workspace, name: str, schema: pa.Schema) -> None:
    """Create a bookkeeping table of the models when it does not exist yet."""
    if not ws.store.has_table(name):
        ws.store.con.create_table(name, schema=ibis.Schema.from_pyarrow(schema))


def replace_day(ws: Workspace, name: str, rows: pa.Table) -> None:
    """Replace the rows of the days in `rows` (an `as_of` column) by `rows`, atomically."""
    keys = pa.table({"as_of": pa.array(sorted(set(rows["as_of"].to_pylist())), pa.date32())})
    stamp = datetime.now(UTC).strftime("%H%M%S%f")
    keys_name, rows_name = f"tenure_keys_{stamp}", f"tenure_rows_{stamp}"
    with ws.store.transaction():
        ws.store.create_temp(keys_name, keys)
        ws.store.create_temp(rows_name, rows)
        ws.store.replace_rows(name, keys_name, rows_name, ("as_of",))
    ws.store.drop(keys_name)
    ws.store.drop(rows_name)
