"""Choose the type of a new attribute column from the values of the first batch.

Only unambiguous patterns are typed: integers without leading zeros (so postcodes and
ids such as 00123 stay text), decimals, yes/no words, ISO dates. Everything else is text.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from tenure.schema import ColumnType

_ISO_DATE = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?$"
)
_PATTERNS: tuple[tuple[ColumnType, str], ...] = (
    ("integer", r"^[+-]?(0|[1-9][0-9]{0,17})$"),
    ("float", r"^[+-]?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$"),
    ("boolean", r"^(?i)(true|false)$"),
    ("timestamp", _ISO_DATE),
)


def infer_type(values: pa.ChunkedArray | pa.Array, typed: bool = False) -> ColumnType:
    """The canonical type of an attribute column, from its Arrow type or its text values.

    `typed` sources (Parquet) keep their declared types: their text columns stay text.
    """
    arrow_type = values.type
    if pa.types.is_integer(arrow_type):
        return "integer"
    if pa.types.is_floating(arrow_type):
        return "float"
    if pa.types.is_boolean(arrow_type):
        return "boolean"
    if pa.types.is_timestamp(arrow_type) or pa.types.is_date(arrow_type):
        return "timestamp"
    if pa.types.is_decimal(arrow_type):
        return "decimal"
    if typed or not (pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type)):
        return "string"
    return _infer_text(values)


def _infer_text(values: pa.ChunkedArray | pa.Array) -> ColumnType:
    text = pc.utf8_trim_whitespace(values)
    present = text.filter(pc.and_(pc.is_valid(text), pc.not_equal(text, "")))
    if len(present) == 0:
        return "string"
    for column_type, pattern in _PATTERNS:
        if pc.all(pc.match_substring_regex(present, pattern)).as_py():
            return column_type
    return "string"
