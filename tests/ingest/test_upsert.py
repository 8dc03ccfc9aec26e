"""Upsert by key: changed rows are replaced, equal rows left alone, absent columns kept."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from tenure.workspace import Workspace

WriteFile = Callable[[str, str | bytes], Path]
HEADER = "subscription_id,account_id,started_at,amount,interval,plan,region"
FIRST = (
    f"{HEADER}\n"
    "s1,a1,2024-01-01,10,year,Pro,eu\n"
    "s2,a1,2024-01-01,20,quarter,Basic,us\n"
    "s3,a2,2024-02-01,30,,Team,\n"
)


def rows(ws: Workspace, table: str = "subscriptions") -> dict[str, dict[str, object]]:
    data: pa.Table = ws.table(table).to_pyarrow()
    key = ws.store.table(table).columns[0]
    return {row[key]: row for row in data.to_pylist()}


def test_changed_rows_are_updated_and_equal_rows_unchanged(
    accounts_workspace: Workspace, write_file: WriteFile
) -> None:
    ws = accounts_workspace
    first = ws.import_file("subscriptions", write_file("first.csv", FIRST))
    assert (first.inserted, first.updated, first.unchanged) == (3, 0, 0)
    second = (
        f"{HEADER}\n"
        "s1,a1,2024-01-01,10,year,Pro,eu\n"  # identical
        "s2,a1,2024-01-01,25,quarter,Basic,us\n"  # amount changed
        "s3,a2,2024-02-01,30,month,Team,\n"  # interval now explicit: same stored value
        "s4,a3,2024-03-01,40,month,Pro,apac\n"  # new
    )
    report = ws.import_file("subscriptions", write_file("second.csv", second))
    assert (report.inserted, report.updated, report.unchanged) == (1, 1, 2)
    stored = rows(ws)
    assert stored["s2"]["amount"] == Decimal(25)
    assert stored["s4"]["region"] == "apac"
    assert len(stored) == 4
    log = ws.imports()
    assert list(log["updated"]) == [1, 0, 0]  # newest first (then the first and the accounts)


def test_a_changed_row_replaces_every_column_the_file_has(
    accounts_workspace: Workspace, write_file: WriteFile
) -> None:
    ws = accounts_workspace
    ws.import_file("subscriptions", write_file("first.csv", FIRST))
    change = f"{HEADER}\ns1,a2,2023-12-01T06:00:00Z,11.5,month,,\n"
    report = ws.import_file("subscriptions", write_file("change.csv", change))
    assert report.updated == 1
    s1 = rows(ws)["s1"]
    assert s1["account_id"] == "a2"
    assert s1["started_at"] == datetime(2023, 12, 1, 6)
    assert s1["amount"] == Decimal("11.5")
    assert s1["interval"] == "month"
    assert s1["plan"] is None  # an empty cell in a column the file has clears the value
    assert s1["region"] is None


def test_columns_absent_from_a_later_file_keep_their_stored_values(
    accounts_workspace: Workspace, write_file: WriteFile
) -> None:
    ws = accounts_workspace
    ws.import_file("subscriptions", write_file("first.csv", FIRST))
    slim = "subscription_id,account_id,started_at,amount\ns1,a1,2024-01-01,12\ns5,a1,2024-01-01,5\n"
    report = ws.import_file("subscriptions", write_file("slim.csv", slim))
    assert (report.inserted, report.updated, report.unchanged) == (1, 1, 0)
    stored = rows(ws)
    assert stored["s1"]["amount"] == Decimal(12)
    assert stored["s1"]["interval"] == "year"  # not reset to the default
    assert stored["s1"]["plan"] == "Pro"
    assert stored["s1"]["region"] == "eu"
    assert stored["s2"]["interval"] == "quarter"  # rows not in the file are untouched
    assert stored["s5"]["interval"] == "month"  # a new row takes the default
    assert stored["s5"]["is_trial"] is False
    assert stored["s5"]["plan"] is None and stored["s5"]["region"] is None


def test_a_file_without_a_defaulted_column_changes_nothing_the_second_time(
    accounts_workspace: Workspace, write_file: WriteFile
) -> None:
    ws = accounts_workspace
    ws.import_file("subscriptions", write_file("first.csv", FIRST))
    slim = write_file(
        "slim.csv", "subscription_id,account_id,started_at,amount\ns1,a1,2024-01-01,10\n"
    )
    report = ws.import_file("subscriptions", slim)
    assert (report.inserted, report.updated, report.unchanged) == (0, 0, 1)


def test_attribute_columns_are_added_on_a_later_import(
    accounts_workspace: Workspace, write_file: WriteFile
) -> None:
    ws = accounts_workspace
    ws.import_file("subscriptions", write_file("first.csv", FIRST))
    later = (
        "subscription_id,account_id,started_at,amount,Seats,Renewal Owner\n"
        "s1,a1,2024-01-01,10,15,dana\n"
        "s9,a3,2024-05-01,90,3,\n"
    )
    report = ws.import_file("subscriptions", write_file("later.csv", later))
    assert report.attributes == ("seats", "renewal_owner")
    assert (report.inserted, report.updated, report.unchanged) == (1, 1, 0)
    types = ws.store.column_types("subscriptions")
    assert types["seats"] == "integer" and types["renewal_owner"] == "string"
    stored = rows(ws)
    assert stored["s1"]["seats"] == 15 and stored["s1"]["renewal_owner"] == "dana"
    assert stored["s1"]["region"] == "eu"
    assert stored["s2"]["seats"] is None
    assert stored["s9"]["seats"] == 3


def test_an_attribute_keeps_its_stored_type(
    accounts_workspace: Workspace, write_file: WriteFile
) -> None:
    ws = accounts_workspace
    ws.import_file("accounts", write_file("a.csv", "account_id,seats\nb1,10\n"))
    report = ws.import_file("accounts", write_file("b.csv", "account_id,seats\nb2,many\nb3,7\n"))
    assert report.inserted == 1
    assert report.first_refusals[0].line == 2
    assert "seats is not a whole number" in report.first_refusals[0].reason
    assert ws.store.column_types("accounts")["seats"] == "integer"


def test_parquet_and_csv_of_the_same_rows_are_the_same_rows(
    accounts_workspace: Workspace, write_file: WriteFile, tmp_path: Path
) -> None:
    ws = accounts_workspace
    ws.import_file("subscriptions", write_file("first.csv", FIRST))
    parquet = tmp_path / "same.parquet"
    pq.write_table(ws.table("subscriptions").to_pyarrow(), parquet)
    report = ws.import_file("subscriptions", parquet)
    assert (report.inserted, report.updated, report.unchanged) == (0, 0, 3)


def test_events_upsert_on_their_whole_key(
    accounts_workspace: Workspace, write_file: WriteFile
) -> None:
    ws = accounts_workspace
    first = "account_id,occurred_at,event,quantity\na1,2024-01-01,login,1\na1,2024-01-01,api,5\n"
    ws.import_file("events", write_file("e1.csv", first))
    second = (
        "account_id,occurred_at,event,user_id,quantity\n"
        "a1,2024-01-01,api,,7\n"  # same key (no user): updated
        "a1,2024-01-01,api,u1,7\n"  # another user: a new row
    )
    report = ws.import_file("events", write_file("e2.csv", second))
    assert (report.inserted, report.updated, report.unchanged) == (1, 1, 0)
    data = ws.table("events").to_pyarrow().to_pylist()
    quantities = sorted((row["event"], row["user_id"], row["quantity"]) for row in data)
    assert quantities == [("api", "", 7.0), ("api", "u1", 7.0), ("login", "", 1.0)]


def test_quarantine_of_a_file_is_replaced_when_it_is_imported_again(
    accounts_workspace: Workspace, write_file: WriteFile
) -> None:
    ws = accounts_workspace
    path = write_file(
        "orphans.csv", "subscription_id,account_id,started_at,amount\ns1,zz,2024-01-01,1\n"
    )
    ws.import_file("subscriptions", path)
    ws.import_file("subscriptions", path)
    assert len(ws.quarantine("subscriptions")) == 1
    ws.import_file("accounts", write_file("zz.csv", "account_id\nzz\n"))
    report = ws.import_file("subscriptions", path)
    assert (report.inserted, report.quarantined) == (1, 0)
    assert len(ws.quarantine("subscriptions")) == 0
