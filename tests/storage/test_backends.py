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


def test_arrow_rows_are_appended_by_name_and_not_kept_registered(tmp_path: Path) -> None:
    store = Store.connect("duckdb://:memory:", tmp_path)
    store.adapter.execute("CREATE TABLE t (a INTEGER, b VARCHAR)")
    store.insert("t", pa.table({"b": ["x", "y"], "a": [1, 2]}))
    raw = store.con.con  # type: ignore[attr-defined]
    assert raw.execute("SELECT a, b FROM t ORDER BY a").fetchall() == [(1, "x"), (2, "y")]
    views = raw.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()
    assert views == []
    store.close()


def test_the_memory_ceiling_reaches_duckdb(tmp_path: Path) -> None:
    store = Store.connect("duckdb://:memory:", tmp_path)
    store.adapter.limit_memory("512MB")
    raw = store.con.con  # type: ignore[attr-defined]
    (setting,) = raw.execute("SELECT current_setting('memory_limit')").fetchone()
    assert setting in {"512.0 MiB", "488.2 MiB"}, setting
    store.close()
