"""One import test body on every backend: the demo company, re-imports, upserts, quarantine."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from backends_common import BACKENDS, OTHERS, REFERENCE, NewWorkspace, table_frame

from tenure.cli.demo import LOAD_ORDER
from tenure.schema import TABLES

pytestmark = pytest.mark.backend

ACCOUNTS = "account_id,name,created_at,tier\na1,Acme,2023-01-05,gold\na2,Beta,2023-02-10,\n"
TICKETS = (
    "ticket_id,account_id,created_at,priority,csat\n"
    "t1,a1,2024-01-02 09:30:00,high,4\n"
    "t2,a9,2024-01-03,low,5\n"  # unknown account
    "t1,a2,2024-01-04,low,3\n"  # duplicate key
    "t3,a2,not a date,low,3\n"  # bad value
    "t4,a2,2024-02-01T10:00:00Z,,\n"
)
TICKETS_CHANGED = (
    "ticket_id,account_id,created_at,priority,csat\n"
    "t1,a1,2024-01-02 09:30:00,urgent,4\n"  # changed
    "t4,a2,2024-02-01T10:00:00Z,,\n"  # unchanged
    "t5,a1,2024-03-01,low,\n"  # new
)


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_demo_company_imports_without_refusals(backend: str, demo: Any) -> None:
    for report in demo(backend).reports:
        assert report.quarantined == 0, (report.table, report.first_refusals)
        assert report.inserted == report.rows_read > 0, report.table


@pytest.mark.parametrize("backend", OTHERS)
def test_every_table_holds_the_same_rows_as_on_duckdb(backend: str, demo: Any) -> None:
    reference, other = demo(REFERENCE).ws, demo(backend).ws
    for table in TABLES:
        want, got = table_frame(reference, table), table_frame(other, table)
        assert list(got.columns) == list(want.columns), table
        assert got.to_dict("records") == want.to_dict("records"), table


@pytest.mark.parametrize("backend", BACKENDS)
def test_importing_the_demo_again_changes_nothing(
    backend: str, demo: Any, demo_files: Path
) -> None:
    ws = demo(backend).ws
    before = {table: table_frame(ws, table).to_dict("records") for table in ("accounts", "events")}
    for table in LOAD_ORDER:
        report = ws.import_file(table, demo_files / f"{table}.parquet")
        assert (report.inserted, report.updated, report.quarantined) == (0, 0, 0), table
        assert report.unchanged == report.rows_read, table
    for table, rows in before.items():
        assert table_frame(ws, table).to_dict("records") == rows, table


def _tickets_story(new_workspace: NewWorkspace, backend: str, files: Path) -> dict[str, Any]:
    """Import accounts, a ticket file with refusals, then a changed ticket file."""
    (files / "accounts.csv").write_text(ACCOUNTS, encoding="utf-8")
    (files / "tickets.csv").write_text(TICKETS, encoding="utf-8")
    (files / "tickets2.csv").write_text(TICKETS_CHANGED, encoding="utf-8")
    with new_workspace(backend, "story") as ws:
        ws.import_file("accounts", files / "accounts.csv")
        first = ws.import_file("tickets", files / "tickets.csv")
        again = ws.import_file("tickets", files / "tickets.csv")
        second = ws.import_file("tickets", files / "tickets2.csv")
        refused = ws.quarantine("tickets")
        return {
            "first": (first.inserted, first.updated, first.unchanged, first.quarantined),
            "again": (again.inserted, again.updated, again.unchanged, again.quarantined),
            "second": (second.inserted, second.updated, second.unchanged, second.quarantined),
            "refused": sorted(
                zip(refused["line"], refused["column"], refused["reason"], strict=True)
            ),
            "tickets": table_frame(ws, "tickets").to_dict("records"),
            "accounts": table_frame(ws, "accounts").to_dict("records"),
            "log": len(ws.imports()),
        }


@pytest.fixture(scope="module")
def reference_story(new_workspace: NewWorkspace, tmp_path_factory: pytest.TempPathFactory) -> Any:
    return _tickets_story(new_workspace, REFERENCE, tmp_path_factory.mktemp("story"))


@pytest.mark.parametrize("backend", BACKENDS)
def test_quarantine_and_upserts_behave_alike(
    backend: str, new_workspace: NewWorkspace, reference_story: Any, tmp_path: Path
) -> None:
    story = _tickets_story(new_workspace, backend, tmp_path)
    assert story["first"] == (2, 0, 0, 3)
    assert story["again"] == (0, 0, 2, 3)
    assert story["second"] == (1, 1, 1, 0)
    assert {line for line, _, _ in story["refused"]} == {3, 4, 5}
    assert story["log"] == 4
    assert story == reference_story
