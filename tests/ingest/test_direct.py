"""The direct Parquet path (DuckDB stages the file itself) and the key hash check give
exactly the table, quarantine and report of the chunked path they speed up."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tenure.ingest import direct, pipeline
from tenure.ingest.load import keys_may_repeat
from tenure.ingest.readers import open_source
from tenure.ingest.validate import KEY_HASH
from tenure.storage.store import QUARANTINE_TABLE, Store
from tenure.workspace import Workspace

ACCOUNTS_CSV = "account_id,name,created_at\na1,Acme,2023-01-05\na2,Beta,2023-02-10\na3,Gamma,\n"
Outcome = dict[str, object]
#: How each import is made to take its path: the direct one, the chunked one with the
#: key hash, and the chunked one with no DuckDB-only step at all (the original path).
PATHS = ("direct", "chunked", "generic")


def _events(rows: list[tuple[object, ...]]) -> pa.Table:
    """An events table with two attribute columns (text and whole numbers)."""
    names = ["account_id", "occurred_at", "event", "user_id", "quantity", "device", "seats"]
    columns = list(zip(*rows, strict=True))
    types = [pa.string(), pa.timestamp("us"), pa.string(), pa.string()]
    types += [pa.float64(), pa.string(), pa.int64()]
    arrays = [pa.array(list(values), kind) for values, kind in zip(columns, types, strict=True)]
    return pa.table(arrays, names=names)


def _day(day: int, year: int = 2024) -> datetime:
    return datetime(year, 1, day, 12, 30)


GOOD = [
    ("a1", _day(1), "login", "u1", 1.0, "web", 3),
    ("a2", _day(2), "api_call", "u2", 2.5, " ios ", None),
    ("a3", _day(3), "report", None, None, None, 7),
]
BAD = [
    ("zz", _day(4), "login", "u1", 1.0, "web", 1),  # unknown account
    ("a1", _day(5, 2099), "login", "u1", 1.0, "web", 1),  # in the future
    ("a1", _day(6), "login", "u1", -3.0, "web", 1),  # negative quantity
    ("a2", _day(7), None, "u1", 1.0, "web", 1),  # no event
    ("a1", _day(1), "login", "u1", 9.0, "ios", 2),  # the key of line 1 again
    (None, _day(8, 1900), "  ", "u1", float("nan"), "web", 1),  # several problems
]


def _write(path: Path, rows: list[tuple[object, ...]]) -> Path:
    pq.write_table(_events(rows), path, row_group_size=3)  # bad rows in several groups
    return path


def _take_path(monkeypatch: pytest.MonkeyPatch, path: str) -> None:
    if path == "chunked":
        monkeypatch.setattr(pipeline, "can_stage_directly", lambda *args: False)
    elif path == "generic":
        monkeypatch.setattr(Store, "duckdb_connection", lambda self: None)


def _outcome(ws: Workspace, files: list[Path]) -> Outcome:
    """Each import's report (but its id), then the events and quarantine tables."""
    reports = [dataclasses.replace(ws.import_file("events", file), import_id="") for file in files]
    events = ws.store.table("events").to_pyarrow()
    quarantine = ws.store.table(QUARANTINE_TABLE).to_pyarrow()
    quarantine = quarantine.drop_columns(["import_id", "imported_at"])
    return {
        "reports": reports,
        "events_schema": events.schema,
        "events": sorted(events.to_pylist(), key=repr),
        "quarantine": sorted(quarantine.to_pylist(), key=repr),
    }


def _import_with(
    path: str, files: list[Path], folder: Path, monkeypatch: pytest.MonkeyPatch
) -> Outcome:
    with monkeypatch.context() as patch:
        _take_path(patch, path)
        with Workspace.init(folder) as ws:
            accounts = folder.parent / "accounts.csv"
            accounts.write_text(ACCOUNTS_CSV, encoding="utf-8")
            ws.import_file("accounts", accounts)
            return _outcome(ws, files)


def test_every_path_gives_the_same_table_quarantine_and_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _write(tmp_path / "events.parquet", GOOD + BAD)
    changed = [(*GOOD[0][:4], 4.0, "web", 3), *GOOD[1:], ("a2", _day(9), "login", "u9", 1, "x", 1)]
    second = _write(tmp_path / "events-2.parquet", changed)
    files = [first, first, second, first]  # new, re-import, some changed rows, back again
    outcomes = {path: _import_with(path, files, tmp_path / path, monkeypatch) for path in PATHS}
    assert outcomes["direct"] == outcomes["generic"]
    assert outcomes["chunked"] == outcomes["generic"]
    reports = outcomes["direct"]["reports"]
    assert isinstance(reports, list)
    assert [(r.inserted, r.updated, r.unchanged, r.quarantined) for r in reports] == [
        (3, 0, 0, 6),
        (0, 0, 3, 6),
        (1, 1, 2, 0),
        (0, 1, 2, 6),
    ]


def test_the_direct_path_is_taken_and_reports_progress_once(
    accounts_workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path / "events.parquet", GOOD)
    calls: list[tuple[int, int | None]] = []
    chunked = pipeline._Run.stage
    monkeypatch.setattr(pipeline._Run, "stage", lambda *args: pytest.fail("chunked"))
    report = accounts_workspace.import_file(
        "events", path, progress=lambda done, total: calls.append((done, total))
    )
    monkeypatch.setattr(pipeline._Run, "stage", chunked)
    assert report.inserted == 3
    assert calls == [(3, 3)]


def test_the_chunked_path_takes_over_when_duckdb_cannot_stage_the_file(
    accounts_workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path / "events.parquet", GOOD + BAD)
    monkeypatch.setattr(pipeline, "stage_directly", lambda *args: None)
    report = accounts_workspace.import_file("events", path)
    assert (report.inserted, report.quarantined) == (3, 6)


@pytest.mark.parametrize(
    ("name", "table"),
    [
        ("events[1].parquet", _events(GOOD)),
        (
            "zoned.parquet",
            _events(GOOD).set_column(
                1, "occurred_at", pa.array([_day(1)] * 3, pa.timestamp("us", "UTC"))
            ),
        ),
        (
            "money.parquet",
            _events(GOOD).append_column("price", pa.array([1, 2, 3], pa.decimal128(9, 2))),
        ),
        (
            "coded.parquet",
            _events(GOOD).set_column(2, "event", pa.array(["a", "b", "a"]).dictionary_encode()),
        ),
        ("numbered.parquet", _events(GOOD).append_column("File_Row_Number", pa.array([1, 2, 3]))),
    ],
)
def test_files_duckdb_might_read_differently_take_the_chunked_path(
    accounts_workspace: Workspace, tmp_path: Path, name: str, table: pa.Table
) -> None:
    path = tmp_path / name
    pq.write_table(table, path)
    source = open_source(path)
    store = accounts_workspace.store
    assert not direct.can_stage_directly(store, source, direct.source_schema(source))
    assert accounts_workspace.import_file("events", path).inserted == 3


def test_plain_parquet_files_take_the_direct_path(
    accounts_workspace: Workspace, tmp_path: Path
) -> None:
    source = open_source(_write(tmp_path / "events.parquet", GOOD))
    store = accounts_workspace.store
    assert direct.can_stage_directly(store, source, direct.source_schema(source))


StagingOf = Callable[[list[tuple[str, int]]], str]


@pytest.fixture
def staging_of(workspace: Workspace) -> StagingOf:
    """A staging table of (key, line) rows with the key hash DuckDB computes."""

    def make(rows: list[tuple[str, int]]) -> str:
        con = workspace.store.duckdb_connection()
        assert con is not None
        con.execute("CREATE OR REPLACE TEMP TABLE staged (k VARCHAR, _tenure_line BIGINT)")
        con.executemany("INSERT INTO staged VALUES (?, ?)", rows)
        con.execute(f"ALTER TABLE staged ADD COLUMN {KEY_HASH} UBIGINT")
        con.execute(f"UPDATE staged SET {KEY_HASH} = hash(k)")
        return "staged"

    return make


def test_keys_may_repeat_only_when_a_hash_repeats(
    workspace: Workspace, staging_of: StagingOf
) -> None:
    store = workspace.store
    assert not keys_may_repeat(store, staging_of([("x", 1), ("y", 2)]))
    assert KEY_HASH not in store.table("staged").columns
    assert keys_may_repeat(store, staging_of([("x", 1), ("y", 2), ("x", 3)]))
    assert keys_may_repeat(store, "staged")  # no hash column: keys may always repeat
