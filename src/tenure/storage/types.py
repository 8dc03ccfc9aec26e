"""Map the engine-free column types of `tenure.schema` onto Arrow and Ibis types."""

from __future__ import annotations

import ibis
import ibis.expr.datatypes as dt
import pyarrow as pa

from tenure.schema import DECIMAL_PRECISION, DECIMAL_SCALE, ColumnType, Table

ARROW_TYPES: dict[ColumnType, pa.DataType] = {
    "string": pa.string(),
    "timestamp": pa.timestamp("us"),
    "date": pa.date32(),
    "decimal": pa.decimal128(DECIMAL_PRECISION, DECIMAL_SCALE),
    "integer": pa.int64(),
    "float": pa.float64(),
    "boolean": pa.bool_(),
}

IBIS_TYPES: dict[ColumnType, dt.DataType] = {
    "string": dt.String(),
    "timestamp": dt.Timestamp(),
    "date": dt.Date(),
    "decimal": dt.Decimal(DECIMAL_PRECISION, DECIMAL_SCALE),
    "integer": dt.Int64(),
    "float": dt.Float64(),
    "boolean": dt.Boolean(),
}


def arrow_schema(table: Table) -> pa.Schema:
    """The Arrow schema of a canonical table (timestamps are naive UTC)."""
    return pa.schema([pa.field(c.name, ARROW_TYPES[c.type]) for c in table.columns])


def ibis_schema(table: Table) -> ibis.Schema:
    """The Ibis schema of a canonical table."""
    return ibis.schema({c.name: IBIS_TYPES[c.type] for c in table.columns})


def column_type_of(dtype: dt.DataType) -> ColumnType:
    """The canonical column type of a stored Ibis type (attributes may be any of them)."""
    if dtype.is_string():
        return "string"
    if dtype.is_timestamp():
        return "timestamp"
    if dtype.is_date():
        return "date"
    if dtype.is_decimal():
        return "decimal"
    if dtype.is_integer():
        return "integer"
    if dtype.is_floating():
        return "float"
    if dtype.is_boolean():
        return "boolean"
    return "string"
