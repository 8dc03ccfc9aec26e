"""What each backend's adapter promises: exact bulk loads, atomic imports where there are
transactions, and on Spark whole-table swaps that a crash cannot leave half done."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pytest
from backends_common import BACKENDS, NewWorkspace

from tenure.ingest import pipeline
from tenure.storage.spark import NEXT, PREV
from tenure.workspace import Workspace

pytestmark = pytest.mark.backend

AWKWARD = pa.table(
    {
        "text": ["plain", "", None, 'quote " comma , newline \n end', "ünïcødé ✓"],
        "number": [0.1, 1 / 3, None, 1e-300, -2.5e10],
        "amount": pa.array(
            [Decimal("1.5"), None, Decimal("-2"), Decimal("12345678901234.1234"), Decimal(0)],
            pa.decimal128(18, 4),
        ),
        "at": pa.array(
            [datetime(2024, 2, 29, 23, 59, 59, 999999), None, datetime(1970, 1, 1), None, None],
            pa.timestamp("us"),
        ),
        "day": pa.array([date(2020, 2, 29), None, None, date(1999, 12, 31), None], pa.date32()),
        "flag": [True, False, None, True, None],
        "count": [1, None, -3, 2**53 + 1, 0],
    }
)
ACCOUNTS = "account_id\na1\na2\n"
TICKETS = "ticket_id,account_id,created_at\nt1,a1,2024-01-02\nt2,a2,2024-01-03\n"


@pytest.mark.parametrize("backend", BACKENDS)
def test_bulk_loads_round_trip_awkward_values_exactly(
    backend: str, new_workspace: NewWorkspace
) -> None:
    with new_workspace(backend, "awkward") as ws:
        ws.store.create_temp("awkward", AWKWARD.slice(0, 2))
        ws.store.insert("awkward", AWKWARD.slice(2))
        back = ws.store.table("awkward").order_by("count").to_pyarrow()
        want = AWKWARD.sort_by([("count", "ascending")])
        assert back.to_pylist() == want.to_pylist()
        ws.store.drop("awkward")


def _import(ws: Workspace, files: Path, table: str, text: str) -> pipeline.ImportReport:
    path = files / f"{table}.csv"
    path.write_text(text, encoding="utf-8")
    return ws.import_file(table, path)


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_failed_import_is_undone_or_completed_by_running_it_again(
    backend: str, new_workspace: NewWorkspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with new_workspace(backend, "failed") as ws:
        assert ws.store.atomic == (backend != "pyspark")
        _import(ws, tmp_path, "accounts", ACCOUNTS)

        def crash(self: object, report: object) -> None:
            raise RuntimeError("crash before the import log is written")

        monkeypatch.setattr(pipeline._Run, "_record_import", crash)
        with pytest.raises(RuntimeError):
            _import(ws, tmp_path, "tickets", TICKETS)
        stored = ws.table("tickets").count().to_pyarrow().as_py()
        # Atomic backends roll the whole import back; Spark keeps the swapped-in table.
        assert stored == (0 if ws.store.atomic else 2)
        assert len(ws.imports()) == 1
        monkeypatch.undo()
        report = _import(ws, tmp_path, "tickets", TICKETS)
        assert (report.inserted, report.unchanged) == ((2, 0) if ws.store.atomic else (0, 2))
        assert len(ws.imports()) == 2
        assert ws.table("tickets").count().to_pyarrow().as_py() == 2


@pytest.mark.parametrize("renamed", [False, True], ids=["before-renames", "between-renames"])
def test_a_spark_swap_cut_short_is_repaired_when_the_workspace_opens(
    renamed: bool, new_workspace: NewWorkspace, tmp_path: Path
) -> None:
    ws = new_workspace("pyspark", "swap")
    _import(ws, tmp_path, "accounts", ACCOUNTS)
    con, accounts = ws.store.con, ws.table("accounts")
    con.create_table(f"accounts{NEXT}", accounts.filter(accounts.account_id == "a1"))
    if renamed:  # the old table moved aside, the new one not yet in place
        con.rename_table("accounts", f"accounts{PREV}")
    folder = ws.folder
    ws.close()
    with Workspace.open(folder) as reopened:
        names = set(reopened.store.con.list_tables())
        assert not any(name.endswith((NEXT, PREV)) for name in names)
        ids = reopened.table("accounts").account_id.to_pyarrow().to_pylist()
        assert sorted(ids) == (["a1"] if renamed else ["a1", "a2"])
