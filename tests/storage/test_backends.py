"""The backend registry and adapters, without a server (the servers: tests/backends)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyarrow as pa

from tenure.storage.backends import UNSUPPORTED, DuckDBAdapter
from tenure.storage.pg_backend import _struct_array
from tenure.storage.store import Store

DOC = Path(__file__).resolve().parents[2] / "docs" / "backends.md"


def test_the_docs_name_every_metric_a_backend_cannot_compute() -> None:
    page = DOC.read_text(encoding="utf-8")
    if not UNSUPPORTED:
        assert "The\nregistry is empty" in page or "The registry is empty" in page
    for backend, key in UNSUPPORTED:
        assert f"`{key}`" in page and backend in page, (backend, key)


def test_a_duckdb_store_uses_the_duckdb_adapter(tmp_path: Path) -> None:
    store = Store.connect("duckdb://:memory:", tmp_path)
    assert isinstance(store.adapter, DuckDBAdapter)
    assert store.atomic
    store.close()


def test_postgres_numeric_values_in_float_columns_are_read_as_floats() -> None:
    struct = pa.struct([("rate", pa.float64()), ("amount", pa.decimal128(18, 4))])
    rows = [(Decimal("0.5"), Decimal("1.2500")), (None, None), (0.25, Decimal(2))]
    got = _struct_array(rows, struct).to_pylist()
    assert got == [
        {"rate": 0.5, "amount": Decimal("1.2500")},
        {"rate": None, "amount": None},
        {"rate": 0.25, "amount": Decimal("2.0000")},
    ]
