"""The backend store: URLs, tables, transactions and the few statements Ibis does not model."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import ibis
import pyarrow as pa
import pytest

from tenure.errors import WorkspaceError
from tenure.schema import TABLES
from tenure.storage.store import (
    BACKEND_ENV,
    BOOKKEEPING,
    IMPORTS_TABLE,
    QUARANTINE_TABLE,
    Store,
    redact,
    resolve_url,
)
from tenure.storage.types import IBIS_TYPES, arrow_schema, column_type_of, ibis_schema


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.connect("duckdb://store.duckdb", tmp_path)
    opened.ensure_tables()
    yield opened
    opened.close()


def count(store: Store, name: str) -> int:
    return int(store.table(name).count().to_pyarrow().as_py())


def test_relative_duckdb_paths_are_relative_to_the_workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(BACKEND_ENV, raising=False)
    assert resolve_url("duckdb://data/t.duckdb", tmp_path) == f"duckdb://{tmp_path}/data/t.duckdb"
    assert resolve_url("duckdb:///abs/t.duckdb", tmp_path) == "duckdb:///abs/t.duckdb"
    assert resolve_url("duckdb://:memory:", tmp_path) == "duckdb://:memory:"
    assert resolve_url("postgres://u@h/db", tmp_path) == "postgres://u@h/db"


def test_the_backend_variable_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(BACKEND_ENV, "postgres://u:pw@h/db")
    assert resolve_url("duckdb://t.duckdb", tmp_path) == "postgres://u:pw@h/db"


def test_passwords_are_redacted() -> None:
    assert redact("postgres://user:s3cret@host:5432/db") == "postgres://user:***@host:5432/db"
    assert redact("duckdb://t.duckdb") == "duckdb://t.duckdb"


def test_a_backend_that_cannot_be_opened_is_one_line_without_the_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(BACKEND_ENV, raising=False)
    with pytest.raises(WorkspaceError) as caught:
        Store.connect("nosuchengine://user:s3cret@localhost/db", tmp_path)
    message = str(caught.value)
    assert "\n" not in message
    assert "s3cret" not in message
    assert message.startswith("cannot open backend nosuchengine://user:***@localhost/db")


def test_every_table_is_created_with_its_schema(store: Store) -> None:
    tables = set(store.con.list_tables())
    assert set(TABLES) | set(BOOKKEEPING) <= tables
    for name, table in TABLES.items():
        assert list(store.con.get_schema(name)) == list(ibis_schema(table))
        expected = {column.name: column.type for column in table.columns}
        assert store.column_types(name) == expected
        assert arrow_schema(table).names == list(table.column_names)
    store.ensure_tables()  # idempotent
    assert count(store, "accounts") == 0


def test_column_types_round_trip_through_ibis() -> None:
    for type_name, dtype in IBIS_TYPES.items():
        assert column_type_of(dtype) == type_name
    assert column_type_of(ibis.dtype("array<int64>")) == "string"


def test_add_column_keeps_the_rows(store: Store) -> None:
    store.insert("features", pa.table({"feature": ["f1"]}))
    store.add_column("features", "weight score", "float")
    assert store.column_types("features")["weight score"] == "float"
    assert store.table("features").to_pyarrow().to_pylist()[0]["weight score"] is None


def test_a_transaction_rolls_back_everything_on_error(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.insert("features", pa.table({"feature": ["f1"]}))
        store.add_column("features", "extra", "integer")
        store.insert(IMPORTS_TABLE, pa.table({"import_id": ["x"]}))
        raise RuntimeError("midway")
    assert count(store, "features") == 0
    assert count(store, IMPORTS_TABLE) == 0
    assert "extra" not in store.column_types("features")


def test_a_transaction_rolls_back_on_keyboard_interrupt(store: Store) -> None:
    with pytest.raises(KeyboardInterrupt), store.transaction():
        store.insert("features", pa.table({"feature": ["f1"]}))
        raise KeyboardInterrupt
    assert count(store, "features") == 0
    with store.transaction():
        store.insert("features", pa.table({"feature": ["f2"]}))
    assert count(store, "features") == 1


def test_inserting_no_rows_is_a_no_op(store: Store) -> None:
    store.insert("features", pa.table({"feature": pa.array([], pa.string())}))
    assert count(store, "features") == 0


def test_delete_matching_deletes_by_composite_key(store: Store) -> None:
    events = pa.table(
        {
            "account_id": ["a1", "a1", "a2"],
            "occurred_at": pa.array([0, 0, 0], pa.timestamp("us")),
            "event": ["login", "login", "login"],
            "user_id": ["u1", "u2", "u1"],
        }
    )
    store.insert("events", events)
    store.create_temp("keys", events.slice(0, 1).drop_columns(["occurred_at"]))
    store.delete_matching("events", "keys", ["account_id", "event", "user_id"])
    left = sorted(
        (r["account_id"], r["user_id"]) for r in store.table("events").to_pyarrow().to_pylist()
    )
    assert left == [("a1", "u2"), ("a2", "u1")]


def test_delete_where_quotes_its_values(store: Store) -> None:
    rows = pa.table({"table_name": ["t", "t", "u"], "file_sha256": ["o'brien", "x", "o'brien"]})
    store.insert(QUARANTINE_TABLE, rows)
    store.delete_where(QUARANTINE_TABLE, {"table_name": "t", "file_sha256": "o'brien"})
    assert count(store, QUARANTINE_TABLE) == 2


def test_temporary_tables_vanish_with_the_connection(tmp_path: Path) -> None:
    first = Store.connect("duckdb://t.duckdb", tmp_path)
    first.create_temp("scratch", pa.table({"x": [1]}))
    assert first.has_table("scratch")
    first.close()
    second = Store.connect("duckdb://t.duckdb", tmp_path)
    assert not second.has_table("scratch")
    second.close()


def test_timestamps_are_stored_in_utc(store: Store) -> None:
    store.execute(
        "INSERT INTO accounts (account_id, created_at) "
        "VALUES ('a1', CAST(TIMESTAMPTZ '2024-01-01 12:00:00+02:00' AS TIMESTAMP))"
    )
    created = store.table("accounts").to_pyarrow().to_pylist()[0]["created_at"]
    assert created.isoformat() == "2024-01-01T10:00:00"


def test_an_older_workspace_gets_the_columns_the_schema_gained(tmp_path: Path) -> None:
    first = Store.connect("duckdb://old.duckdb", tmp_path)
    first.ensure_tables()
    first.insert("features", pa.table({"feature": ["f1"], "name": ["One"]}))
    first.execute('ALTER TABLE "features" DROP COLUMN "name"')  # as if created before `name`
    first.close()
    second = Store.connect("duckdb://old.duckdb", tmp_path)
    second.ensure_tables()
    assert set(second.table("features").columns) == set(TABLES["features"].column_names)
    assert second.table("features").to_pyarrow().to_pylist()[0]["feature"] == "f1"
    second.close()
