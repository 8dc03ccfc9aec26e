"""Arrow types for the attribute columns a converted export carries.

Converted tables are staged as Parquet, whose text columns the import keeps as text. So
attribute columns are typed here, the way a CSV import would type them: by the field's
conversion when a field fills them (money as decimals, never binary floats), else from
their values (`tenure.ingest.infer`). A column with any value that does not fit stays
text, exactly as in a CSV import. Canonical columns stay text: the validator parses them
and refuses bad values with the vendor's own text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC
from decimal import Decimal

import pyarrow as pa

from tenure.ingest.infer import infer_type
from tenure.ingest.sources.values import parse_time
from tenure.schema import DECIMAL_PRECISION, DECIMAL_SCALE, Table

Parse = Callable[[str], object]


def _timestamp(text: str) -> object:
    moment = parse_time(text)
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _boolean(text: str) -> bool:
    return {"true": True, "false": False}[text.strip().lower()]


_KINDS: dict[str, tuple[Parse, pa.DataType]] = {
    "decimal": (Decimal, pa.decimal128(DECIMAL_PRECISION, DECIMAL_SCALE)),
    "integer": (int, pa.int64()),
    "float": (float, pa.float64()),
    "boolean": (_boolean, pa.bool_()),
    "timestamp": (_timestamp, pa.timestamp("us")),
}


def typed_attributes(table: pa.Table, canonical: Table, kinds: Mapping[str, str]) -> pa.Table:
    """`table` with its non-canonical columns typed (by `kinds`, else inferred)."""
    for index, name in enumerate(table.column_names):
        if canonical.has_column(name):
            continue
        kind = kinds.get(name, "text")
        if kind == "text":
            kind = infer_type(table[name])
        typed = _cast(table[name].to_pylist(), kind)
        if typed is not None:
            table = table.set_column(index, name, typed)
    return table


def _cast(values: list[str | None], kind: str) -> pa.Array | None:
    if kind not in _KINDS:
        return None
    parse, arrow_type = _KINDS[kind]
    try:
        return pa.array([None if v is None else parse(v) for v in values], arrow_type)
    except (ValueError, KeyError, ArithmeticError, pa.ArrowInvalid):
        return None
