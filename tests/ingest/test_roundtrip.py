"""Every table exported to CSV, Parquet, JSON and JSON lines imports back identical.

The source workspace is filled from hand-written files that use every column of every
table, every column type, awkward text (commas, quotes, line breaks, accents) and
attribute columns of every type an attribute can get from text.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tenure.schema import TABLES
from tenure.workspace import Workspace

FILES: dict[str, str] = {
    "accounts": (
        "account_id,name,created_at,csm_id,plan,industry,country,size,acquisition_channel,"
        "trial_started_at,trial_ended_at,onboarding_completed_at,"
        "seats,share,vip,reviewed_at,region,zip\n"
        'a1,"Acme, ""Ltd""\nEurope",2023-01-05T09:30:00.123456Z,c1,Pro,SaaS,FR,11-50,'
        "partner,2022-12-01,2023-01-05,2023-02-01 12:00:00+01:00,"
        "10,1.5,true,2024-01-01,eu,007\n"
        "a2,Bêta GmbH,2023-02-10,c2,Basic,Retail,DE,1-10,ads,,,,"
        "-3,2.0,false,2024-02-01T08:00:00Z,us,123\n"
        "a3,,,,,,,,,,,,,,,,,\n"
    ),
    "subscriptions": (
        "subscription_id,account_id,started_at,amount,ended_at,interval,interval_count,"
        "currency,plan,quantity,is_trial,term_ends_at,discount,channel_code\n"
        "s1,a1,2023-01-05,99.9900,2024-01-05,year,1,EUR,Pro,12,false,2035-01-05,10.5,x1\n"
        "s2,a1,2024-01-05,0,,month,3,USD,Pro,0,true,,,y2\n"
        "s3,a2,2023-02-10T10:00:00Z,12345678901234.5678,,,,,,,,,0.0001,\n"
    ),
    "invoices": (
        "invoice_id,account_id,issued_at,amount,due_at,paid_at,status,currency\n"
        "i1,a1,2024-01-01,100.25,2024-01-31,2024-02-03T10:11:12Z,paid,EUR\n"
        "i2,a2,2024-02-01,0,2030-01-01,,open,\n"
        "i3,a2,2024-03-01,5,,,,\n"
    ),
    "events": (
        "account_id,occurred_at,event,user_id,quantity,source\n"
        "a1,2024-01-01T00:00:00.000001Z,login,u1,1,web\n"
        "a1,2024-01-01T00:00:00.000001Z,login,u2,0.1,\n"
        "a2,2024-01-02,api_call,,0.3333333333333333,app\n"
        "a2,2024-01-02,feature:reports,u1,1e-7,app\n"
        "a3,2024-01-03,onboarding:email_opened,,,\n"
    ),
    "features": (
        "feature,name,event,is_key,plans\n"
        'reports,"Reports, charts",feature:reports,true,Pro|Team\n'
        "api_call,API,,false,\n"
        "login,,,,\n"
    ),
    "tickets": (
        "ticket_id,account_id,created_at,first_response_at,resolved_at,priority,severity,"
        "channel,status,contacts,reopened,csat\n"
        "t1,a1,2024-01-01T09:00:00Z,2024-01-01T09:15:00Z,2024-01-02,high,S1,email,solved,3,true,5\n"
        "t2,a2,2024-01-05,,,low,,chat,open,,,\n"
    ),
    "surveys": (
        "response_id,account_id,responded_at,survey,score,user_id,comment,question\n"
        'r1,a1,2024-01-01,nps,9,u1,"Great, but ""slow""\nsometimes",How likely…?\n'
        "r2,a2,2024-01-02,csat,1,,,\n"
        "r3,a2,2024-01-03,ces,7,u2,Easy,\n"
        "r4,a3,2024-01-04,poll,0,,,Which feature?\n"
    ),
    "touchpoints": (
        "account_id,occurred_at,kind,csm_id,contact\n"
        "a1,2024-01-10T15:00:00Z,qbr,c1,cfo@acme.example\n"
        "a1,2024-01-10T15:00:00Z,call,c1,\n"
        "a2,2024-02-01,executive_review,,\n"
    ),
    "csms": (
        "csm_id,name,team,email,monthly_cost,started_at\n"
        "c1,Dana Ó,Enterprise,dana@example.com,9000.5,2022-01-01\n"
        "c2,,,,,\n"
    ),
    "assignments": ("account_id,csm_id,from,to\na1,c1,2023-01-05,2024-01-01\na1,c2,2024-01-01,\n"),
    "costs": (
        "period,category,amount,team\n"
        "2024-01,acquisition,1000,growth\n"
        "2024-01-31,acquisition,250.75,\n"
        "2024-02,retention,300,cs\n"
    ),
}

FORMATS = ("csv", "parquet", "json", "jsonl")


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    folder = tmp_path_factory.mktemp("roundtrip")
    with Workspace.init(folder / "ws") as ws:
        for table, text in FILES.items():
            path = folder / f"{table}.csv"
            path.write_text(text, encoding="utf-8")
            report = ws.import_file(table, path)
            assert report.quarantined == 0, (table, report.first_refusals)
            assert report.inserted == report.rows_read > 0
        yield ws


def contents(ws: Workspace, table: str) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = ws.table(table).to_pyarrow().to_pylist()
    return sorted(rows, key=repr)


def test_the_files_use_every_column_of_every_table(source: Workspace) -> None:
    assert set(FILES) == set(TABLES)
    for name, table in TABLES.items():
        stored = source.table(name)
        assert set(table.column_names) <= set(stored.columns)
        for column in table.column_names:  # every column holds at least one value
            assert stored[column].notnull().any().to_pyarrow().as_py(), (name, column)
    types = source.store.column_types("accounts")
    attributes = {name: types[name] for name in ("seats", "share", "vip", "reviewed_at", "zip")}
    assert attributes == {
        "seats": "integer",
        "share": "float",
        "vip": "boolean",
        "reviewed_at": "timestamp",
        "zip": "string",
    }


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_table_round_trips(source: Workspace, tmp_path: Path, fmt: str) -> None:
    with Workspace.init(tmp_path / "copy") as copy:
        for table in TABLES:  # accounts first, so that references resolve
            path = tmp_path / f"{table}.{fmt}"
            written = source.export(table, path)
            report = copy.import_file(table, path)
            assert report.quarantined == 0, (table, report.first_refusals)
            assert report.inserted == written == report.rows_read
        for table in TABLES:
            assert copy.table(table).schema() == source.table(table).schema(), table
            assert contents(copy, table) == contents(source, table), table
        again = [copy.import_file(table, tmp_path / f"{table}.{fmt}") for table in TABLES]
        assert all(report.inserted == report.updated == 0 for report in again)


def test_typed_parquet_attributes_keep_their_types(tmp_path: Path) -> None:
    """Parquet declares its types: decimals stay decimals, numeric-looking text stays text."""
    data = pa.table(
        {
            "account_id": ["b1", "b2"],
            "credit": pa.array([1, 2], pa.decimal128(12, 2)),
            "postcode": ["12345", "67890"],
            "joined": pa.array([0, 19_000], pa.date32()),
        }
    )
    pq.write_table(data, tmp_path / "typed.parquet")
    with Workspace.init(tmp_path / "a") as first, Workspace.init(tmp_path / "b") as second:
        first.import_file("accounts", tmp_path / "typed.parquet")
        types = first.store.column_types("accounts")
        assert (types["credit"], types["postcode"], types["joined"]) == (
            "decimal",
            "string",
            "timestamp",
        )
        first.export("accounts", tmp_path / "out.parquet")
        second.import_file("accounts", tmp_path / "out.parquet")
        assert second.table("accounts").schema() == first.table("accounts").schema()
        assert contents(second, "accounts") == contents(first, "accounts")
