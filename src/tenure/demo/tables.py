"""Build Arrow tables that match the canonical schema exactly.

Every generated table passes through `build_table`, so column names, order and types
always equal `arrow_schema(TABLES[name])`. Helpers turn int64 microseconds and integer
cents into Arrow timestamp and decimal128 arrays without going through Python objects.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeAlias

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from tenure.demo.arrays import BoolArray, IntArray
from tenure.schema import DECIMAL_PRECISION, DECIMAL_SCALE, TABLES
from tenure.storage.types import arrow_schema

MONEY = pa.decimal128(DECIMAL_PRECISION, DECIMAL_SCALE)
TIMESTAMP = pa.timestamp("us")
_CENTS_TO_UNITS = 10 ** (DECIMAL_SCALE - 2)

ColumnData: TypeAlias = pa.Array | pa.ChunkedArray | Sequence[Any] | np.ndarray[Any, Any] | None


def timestamps(instants_us: IntArray, valid: BoolArray | None = None) -> pa.Array:
    """A timestamp("us") array from int64 microseconds; rows where `valid` is False are null."""
    mask = None if valid is None else ~valid
    return pa.array(instants_us.astype(np.int64), type=pa.int64(), mask=mask).cast(TIMESTAMP)


def money(cents: IntArray) -> pa.Array:
    """A decimal128(18, 4) array from integer cents, exact (no binary floats involved)."""
    units = np.ascontiguousarray(cents.astype(np.int64) * _CENTS_TO_UNITS)
    words = np.empty((units.size, 2), dtype=np.int64)
    words[:, 0] = units  # low 64 bits of the 128-bit little-endian unscaled value
    words[:, 1] = np.where(units < 0, -1, 0)  # high 64 bits: sign extension
    return pa.Array.from_buffers(MONEY, units.size, [None, pa.py_buffer(words.tobytes())])


def dates(days: IntArray) -> pa.Array:
    """A date32 array from days since the epoch."""
    return pa.array(days.astype(np.int32), type=pa.int32()).cast(pa.date32())


def pick(values: Sequence[str] | pa.Array, index: IntArray) -> pa.Array:
    """Strings `values[index]` as an Arrow string array, built in C++ (fast for millions)."""
    source = values if isinstance(values, pa.Array) else pa.array(list(values), type=pa.string())
    return source.take(pa.array(index.astype(np.int64), type=pa.int64()))


def with_nulls(values: pa.Array, keep: BoolArray) -> pa.Array:
    """`values` with nulls where `keep` is False."""
    return pc.if_else(pa.array(keep, type=pa.bool_()), values, pa.scalar(None, type=values.type))


def compose_ids(prefix: str, numbers: IntArray, sequence: IntArray, width: int) -> pa.Array:
    """Ids like `S000123-02` from account numbers and a per-account sequence number."""
    left = pc.utf8_lpad(pc.cast(pa.array(numbers, type=pa.int64()), pa.string()), 6, "0")
    right = pc.utf8_lpad(pc.cast(pa.array(sequence + 1, type=pa.int64()), pa.string()), width, "0")
    return pc.binary_join_element_wise(prefix, left, "-", right, "")


def account_ids(numbers: IntArray) -> pa.Array:
    """Account ids `A000001`… from 1-based account numbers."""
    digits = pc.utf8_lpad(pc.cast(pa.array(numbers, type=pa.int64()), pa.string()), 6, "0")
    return pc.binary_join_element_wise("A", digits, "")


def build_table(name: str, columns: Mapping[str, ColumnData]) -> pa.Table:
    """The canonical table `name` from one entry per column (None = all null)."""
    schema = arrow_schema(TABLES[name])
    unknown = set(columns) - set(schema.names)
    if unknown:
        raise KeyError(f"{name}: unknown columns {sorted(unknown)}")
    length = _length(columns)
    arrays = [_column(columns[field.name], field.type, length) for field in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


def empty_table(name: str) -> pa.Table:
    """A zero-row canonical table."""
    return arrow_schema(TABLES[name]).empty_table()


def _length(columns: Mapping[str, ColumnData]) -> int:
    """The common row count of the non-null column values."""
    lengths = {len(value) for value in columns.values() if value is not None}
    if len(lengths) > 1:
        raise ValueError(f"columns have different lengths: {sorted(lengths)}")
    return lengths.pop() if lengths else 0


def _column(value: ColumnData, type_: pa.DataType, length: int) -> pa.Array | pa.ChunkedArray:
    """One column converted to `type_` (all null when `value` is None)."""
    if value is None:
        return pa.nulls(length, type=type_)
    if isinstance(value, pa.Array | pa.ChunkedArray):
        return value if value.type == type_ else value.cast(type_)
    return pa.array(value, type=type_)
