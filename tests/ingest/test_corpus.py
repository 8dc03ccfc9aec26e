"""The corpus of awkward and bad input files, and what each one must produce.

Every case is one small file. It either cannot be used at all (`problem`: fragments of
the one-line `FileProblem`) or it loads: each refused row is in the quarantine with its
line, column and reason (`refused`), and every other row is in the table with the right
values (`loaded`) — no good row is lost.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tenure.errors import FileProblem
from tenure.ingest.pipeline import ImportReport, Refusal
from tenure.schema import TABLES, ColumnType
from tenure.workspace import Workspace

WriteFile = Callable[[str, str | bytes], Path]
KNOWN_ACCOUNTS = ("a1", "a2", "a3")  # loaded by the `accounts_workspace` fixture
SUBS = "subscription_id,account_id,started_at,amount"
SURVEYS = "response_id,account_id,responded_at,survey,score"
GOOD_SUB = {"subscription_id": "s1", "account_id": "a1", "amount": Decimal("10")}


@dataclass(frozen=True)
class Refused:
    """A row the quarantine must hold: its line, the column blamed, a fragment of the reason."""

    line: int
    column: str
    reason: str


@dataclass(frozen=True)
class Case:
    """One input file and the outcome it must have."""

    id: str
    table: str
    file: str
    content: str | bytes | Callable[[], bytes] | None
    loaded: tuple[Mapping[str, object], ...] = ()
    refused: tuple[Refused, ...] = ()
    problem: tuple[str, ...] = ()
    format: str | None = None
    mapping: Mapping[str, str] = field(default_factory=dict)
    encoding: str = "utf-8"
    types: Mapping[str, ColumnType] = field(default_factory=dict)

    def data(self) -> bytes | None:
        """The file's bytes (None: make a directory instead of a file)."""
        if self.content is None or isinstance(self.content, bytes):
            return self.content
        if isinstance(self.content, str):
            return self.content.encode("utf-8")
        return self.content()


def subs(*rows: str, header: str = SUBS) -> str:
    """A subscriptions CSV: the header, then one line per row."""
    return "\n".join([header, *rows]) + "\n"


def parquet_bytes(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    pq.write_table(table, sink)
    return sink.getvalue()


def _valid_parquet() -> bytes:
    return parquet_bytes(
        pa.table(
            {
                "subscription_id": ["p1", "p2", "p3", "p4"],
                "account_id": ["a1", "a2", "a1", "a1"],
                "started_at": pa.array(
                    [datetime(2024, 1, 1, 10, tzinfo=timezone(timedelta(hours=2)))] * 4,
                    pa.timestamp("us", tz="+02:00"),
                ),
                "amount": pa.array(
                    [Decimal("1.50"), Decimal("-2.00"), Decimal("3.25"), Decimal("4.00")],
                    pa.decimal128(10, 2),
                ),
                "interval_count": pa.array([1, 3, 12, None], pa.int32()),
                "is_trial": [False, False, True, None],
                "seats": pa.array([5, 6, 7, 8], pa.int64()),
            }
        )
    )


def _text_dates_parquet() -> bytes:
    return parquet_bytes(
        pa.table(
            {
                "subscription_id": pa.array([101, 102], pa.int64()),
                "account_id": ["a1", "a1"],
                "started_at": ["2024-01-01", "not a date"],
                "amount": pa.array([5.5, 6.0], pa.float64()),
            }
        )
    )


def _truncated_parquet() -> bytes:
    return _valid_parquet()[:-40]


T = datetime  # short alias for expected timestamps (naive = UTC)

CASES: tuple[Case, ...] = (
    # -- wrong types -----------------------------------------------------------------------
    Case(
        "text-in-amount",
        "subscriptions",
        "text-amount.csv",
        subs("s1,a1,2024-01-01,10", "s2,a1,2024-01-01,ten"),
        loaded=(GOOD_SUB,),
        refused=(Refused(3, "amount", "amount is not a decimal number"),),
    ),
    Case(
        "fraction-in-integer",
        "subscriptions",
        "fraction.csv",
        subs(
            "s1,a1,2024-01-01,10,2",
            "s2,a1,2024-01-01,10,3.5",
            "s3,a1,2024-01-01,10,4.0",
            header=SUBS + ",interval_count",
        ),
        loaded=(
            {"subscription_id": "s1", "interval_count": 2},
            {"subscription_id": "s3", "interval_count": 4},
        ),
        refused=(Refused(3, "interval_count", "interval_count is not a whole number"),),
    ),
    Case(
        "bad-boolean",
        "subscriptions",
        "boolean.csv",
        subs(
            "s1,a1,2024-01-01,10,yes",
            "s2,a1,2024-01-01,10,maybe",
            "s3,a1,2024-01-01,10,FALSE",
            header=SUBS + ",is_trial",
        ),
        loaded=(
            {"subscription_id": "s1", "is_trial": True},
            {"subscription_id": "s3", "is_trial": False},
        ),
        refused=(Refused(3, "is_trial", "is not a yes/no value"),),
    ),
    Case(
        "bad-value-in-defaulted-column",
        "subscriptions",
        "defaulted.csv",
        subs("s1,a1,2024-01-01,10,", "s2,a1,2024-01-01,10,abc", header=SUBS + ",interval_count"),
        loaded=(
            {"subscription_id": "s1", "interval_count": 1, "interval": "month", "is_trial": False},
        ),
        refused=(Refused(3, "interval_count", "is not a whole number"),),
    ),
    Case(
        "infinite-quantity",
        "events",
        "inf.csv",
        "account_id,occurred_at,event,quantity\n"
        "a1,2024-01-01,login,2.5\n"
        "a1,2024-01-02,login,inf\n"
        "a1,2024-01-03,login,NaN\n"
        "a1,2024-01-04,login,\n",
        loaded=(
            {"occurred_at": T(2024, 1, 1), "quantity": 2.5, "user_id": ""},
            {"occurred_at": T(2024, 1, 4), "quantity": 1.0},
        ),
        refused=(
            Refused(3, "quantity", "is not a finite number"),
            Refused(4, "quantity", "is not a finite number"),
        ),
    ),
    # -- missing columns and values -------------------------------------------------------
    Case(
        "missing-required-column",
        "subscriptions",
        "no-amount.csv",
        "subscription_id,account_id,started_at\ns1,a1,2024-01-01\n",
        problem=("missing required column(s) for subscriptions: amount", "--map"),
    ),
    Case(
        "missing-required-value",
        "subscriptions",
        "empty-cells.csv",
        subs("s1,a1,2024-01-01,10", "s2,a1,2024-01-01,", "s3,,2024-01-01,5", "s4,a1,  ,5"),
        loaded=(GOOD_SUB,),
        refused=(
            Refused(3, "amount", "amount required value is missing"),
            Refused(4, "account_id", "account_id required value is missing"),
            Refused(5, "started_at", "started_at required value is missing"),
        ),
    ),
    # -- keys and references ----------------------------------------------------------------
    Case(
        "duplicate-key",
        "subscriptions",
        "dupes.csv",
        subs("s1,a1,2024-01-01,10", "s2,a2,2024-02-01,20", "s1,a1,2024-03-01,99"),
        loaded=(GOOD_SUB | {"started_at": T(2024, 1, 1)}, {"subscription_id": "s2"}),
        refused=(Refused(4, "subscription_id", "the same key is on line 2"),),
    ),
    Case(
        "duplicate-composite-key",
        "events",
        "event-dupes.csv",
        "account_id,occurred_at,event\na1,2024-01-01,login\na1,2024-01-01,login\na1,2024-01-01,Login\n",
        loaded=({"event": "login"}, {"event": "Login"}),
        refused=(
            Refused(3, "account_id", "duplicate key (account_id, occurred_at, event, user_id)"),
        ),
    ),
    Case(
        "unknown-account",
        "subscriptions",
        "orphan.csv",
        subs("s1,a1,2024-01-01,10", "s2,zz,2024-01-01,10"),
        loaded=(GOOD_SUB,),
        refused=(Refused(3, "account_id", "account_id is not a known account"),),
    ),
    # -- rules ------------------------------------------------------------------------------
    Case(
        "negative-amount",
        "subscriptions",
        "negative.csv",
        subs("s1,a1,2024-01-01,10", "s2,a1,2024-01-01,-5"),
        loaded=(GOOD_SUB,),
        refused=(Refused(3, "amount", "amount must be ≥ 0"),),
    ),
    Case(
        "end-before-start",
        "subscriptions",
        "ends-early.csv",
        subs(
            "s1,a1,2024-01-01,10,2024-06-01",
            "s2,a1,2024-05-01,10,2024-04-30",
            header=SUBS + ",ended_at",
        ),
        loaded=(GOOD_SUB | {"ended_at": T(2024, 6, 1)},),
        refused=(Refused(3, "ended_at", "ended_at is before started_at"),),
    ),
    Case(
        "due-before-issued",
        "invoices",
        "due.csv",
        "invoice_id,account_id,issued_at,amount,due_at\n"
        "i1,a1,2024-01-01,10,2024-01-31\n"
        "i2,a1,2024-01-10,10,2024-01-09\n",
        loaded=({"invoice_id": "i1", "due_at": T(2024, 1, 31)},),
        refused=(Refused(3, "due_at", "due_at is before issued_at"),),
    ),
    Case(
        "nps-11",
        "surveys",
        "nps.csv",
        f"{SURVEYS}\nr1,a1,2024-01-01,nps,10\nr2,a1,2024-01-01,nps,11\n",
        loaded=({"response_id": "r1", "survey": "nps", "score": 10},),
        refused=(Refused(3, "score", "outside the survey's scale (nps 0–10"),),
    ),
    Case(
        "csat-0",
        "surveys",
        "csat.csv",
        f"{SURVEYS}\nr1,a1,2024-01-01,CSAT,1\nr2,a1,2024-01-01,csat,0\n",
        loaded=({"response_id": "r1", "survey": "csat", "score": 1},),
        refused=(Refused(3, "score", "csat 1–5"),),
    ),
    Case(
        "ces-8",
        "surveys",
        "ces.csv",
        f"{SURVEYS}\nr1,a1,2024-01-01,ces,7\nr2,a1,2024-01-01,ces,8\n",
        loaded=({"response_id": "r1", "score": 7},),
        refused=(Refused(3, "score", "ces 1–7"),),
    ),
    Case(
        "score-9.5",
        "surveys",
        "fraction-score.csv",
        f"{SURVEYS}\nr1,a1,2024-01-01,poll,0\nr2,a1,2024-01-01,nps,9.5\n",
        loaded=({"response_id": "r1", "survey": "poll", "score": 0},),
        refused=(Refused(3, "score", "score is not a whole number"),),
    ),
    Case(
        "unknown-interval",
        "subscriptions",
        "fortnight.csv",
        subs(
            "s1,a1,2024-01-01,10,Year", "s2,a1,2024-01-01,10,fortnight", header=SUBS + ",interval"
        ),
        loaded=(GOOD_SUB | {"interval": "year"},),
        refused=(
            Refused(3, "interval", "interval is not one of: day, week, month, quarter, year"),
        ),
    ),
    Case(
        "unknown-survey",
        "surveys",
        "foo.csv",
        f"{SURVEYS}\nr1,a1,2024-01-01,nps,0\nr2,a1,2024-01-01,foo,3\n",
        loaded=({"response_id": "r1"},),
        refused=(Refused(3, "survey", "survey is not one of: nps, csat, ces, poll"),),
    ),
    Case(
        "several-problems-in-one-row",
        "subscriptions",
        "many.csv",
        subs("s1,a1,2024-01-01,10,", "s2,a1,someday,-1,fortnight", header=SUBS + ",interval"),
        loaded=(GOOD_SUB,),
        refused=(Refused(3, "started_at", "amount must be ≥ 0; interval is not one of"),),
    ),
    # -- dates ------------------------------------------------------------------------------
    Case(
        "unparsable-date",
        "subscriptions",
        "bad-date.csv",
        subs("s1,a1,2024-01-01,10", "s2,a1,01/02/2024,10", "s3,a1,yesterday,10"),
        loaded=(GOOD_SUB,),
        refused=(
            Refused(3, "started_at", "is not an ISO 8601 date or timestamp"),
            Refused(4, "started_at", "is not an ISO 8601 date or timestamp"),
        ),
    ),
    Case(
        "date-words",
        "subscriptions",
        "words.csv",
        subs("s1,a1,2024-01-01,10", "s2,a1,epoch,10", "s3,a1,infinity,10", "s4,a1,now,10"),
        loaded=(GOOD_SUB,),
        refused=tuple(Refused(line, "started_at", "is not an ISO 8601 date") for line in (3, 4, 5)),
    ),
    Case(
        "february-30",
        "subscriptions",
        "feb30.csv",
        subs("s1,a1,2024-02-29,10", "s2,a1,2024-02-30,10"),
        loaded=(GOOD_SUB | {"started_at": T(2024, 2, 29)},),
        refused=(Refused(3, "started_at", "is not an ISO 8601 date"),),
    ),
    Case(
        "event-date-in-the-future",
        "invoices",
        "future-invoice.csv",
        "invoice_id,account_id,issued_at,amount\ni1,a1,2024-01-01,10\ni2,a1,2099-01-01,10\n",
        loaded=({"invoice_id": "i1"},),
        refused=(Refused(3, "issued_at", "issued_at is in the future"),),
    ),
    Case(
        "schedule-dates-may-be-ahead",
        "subscriptions",
        "renewals.csv",
        subs(
            "s1,a1,2024-01-01,10,2035-01-01,2031-12-31",
            "s2,a1,2024-01-01,10,2100-01-01,",
            header=SUBS + ",term_ends_at,ended_at",
        ),
        loaded=(GOOD_SUB | {"term_ends_at": T(2035, 1, 1), "ended_at": T(2031, 12, 31)},),
        refused=(Refused(3, "term_ends_at", "is implausibly far in the future"),),
    ),
    Case(
        "year-1900",
        "subscriptions",
        "old.csv",
        subs("s1,a1,1970-01-01,10", "s2,a1,1900-01-01,10"),
        loaded=(GOOD_SUB | {"started_at": T(1970, 1, 1)},),
        refused=(Refused(3, "started_at", "is before 1970-01-01, which is implausible"),),
    ),
    Case(
        "timestamps-with-offsets",
        "subscriptions",
        "offsets.csv",
        subs(
            "s1,a1,2024-03-31T12:00:00+02:00,1",
            "s2,a1,2024-03-31T12:00:00Z,1",
            "s3,a1,2024-03-31 23:30:00-05:00,1",
            "s4,a1,2024-03-31 12:00,1",
            "s5,a1,2024-03-31T12:00:00.250+0530,1",
        ),
        loaded=(
            {"subscription_id": "s1", "started_at": T(2024, 3, 31, 10)},
            {"subscription_id": "s2", "started_at": T(2024, 3, 31, 12)},
            {"subscription_id": "s3", "started_at": T(2024, 4, 1, 4, 30)},
            {"subscription_id": "s4", "started_at": T(2024, 3, 31, 12)},
            {"subscription_id": "s5", "started_at": T(2024, 3, 31, 6, 30, 0, 250000)},
        ),
    ),
    Case(
        "cost-periods",
        "costs",
        "costs.csv",
        "period,category,amount\n2024-03,acquisition,100\n2024-04-15,Retention,50.5\n"
        "2024-13,other,1\n",
        loaded=(
            {
                "period": date(2024, 3, 1),
                "category": "acquisition",
                "amount": Decimal(100),
                "team": "",
            },
            {"period": date(2024, 4, 1), "category": "retention", "amount": Decimal("50.5")},
        ),
        refused=(Refused(4, "period", "is not an ISO 8601 date or month"),),
    ),
    # -- numbers ----------------------------------------------------------------------------
    Case(
        "more-than-4-decimals",
        "subscriptions",
        "decimals.csv",
        subs(
            "s1,a1,2024-01-01,1.2345",
            "s2,a1,2024-01-01,1.23456",
            "s3,a1,2024-01-01, 7.50000 ",
            "s4,a1,2024-01-01,99999999999999.9999",
        ),
        loaded=(
            {"subscription_id": "s1", "amount": Decimal("1.2345")},
            {"subscription_id": "s3", "amount": Decimal("7.5")},
            {"subscription_id": "s4", "amount": Decimal("99999999999999.9999")},
        ),
        refused=(Refused(3, "amount", "with at most 4 decimals"),),
    ),
    # -- encodings --------------------------------------------------------------------------
    Case(
        "non-utf8-bytes",
        "subscriptions",
        "latin1.csv",
        (SUBS + ",plan\ns1,a1,2024-01-01,10,Basic\ns2,a1,2024-01-01,10,Caf\xe9\n").encode(
            "latin-1"
        ),
        problem=("latin1.csv: not valid UTF-8 text at line 3", "--encoding latin-1"),
    ),
    Case(
        "latin1-with-encoding",
        "subscriptions",
        "latin1-ok.csv",
        (SUBS + ",plan\ns1,a1,2024-01-01,10,Caf\xe9\n").encode("latin-1"),
        encoding="latin-1",
        loaded=(GOOD_SUB | {"plan": "Café"},),
    ),
    Case(
        "unknown-encoding",
        "subscriptions",
        "enc.csv",
        subs("s1,a1,2024-01-01,10"),
        encoding="klingon",
        problem=("unknown encoding 'klingon'",),
    ),
    Case(
        "bom",
        "accounts",
        "bom.csv",
        b"\xef\xbb\xbfaccount_id,name\r\nb1,Bom\r\n",
        loaded=({"account_id": "b1", "name": "Bom"},),
    ),
    # -- empty files ------------------------------------------------------------------------
    Case(
        "empty-file", "subscriptions", "empty.csv", b"", problem=("empty.csv: the file is empty",)
    ),
    Case(
        "whitespace-only",
        "subscriptions",
        "blank.csv",
        "  \n\n\t\n",
        problem=("blank.csv: the file is empty",),
    ),
    Case("header-only", "subscriptions", "header.csv", subs()),
    Case("empty-json-list", "subscriptions", "none.json", "[]", problem=("holds no records",)),
    # -- Parquet ----------------------------------------------------------------------------
    Case(
        "truncated-parquet",
        "subscriptions",
        "cut.parquet",
        _truncated_parquet,
        problem=("cut.parquet: not a readable Parquet file",),
    ),
    Case(
        "not-parquet",
        "subscriptions",
        "fake.parquet",
        subs("s1,a1,2024-01-01,10"),
        problem=("fake.parquet: not a readable Parquet file",),
    ),
    Case(
        "typed-parquet",
        "subscriptions",
        "typed.parquet",
        _valid_parquet,
        loaded=(
            {
                "subscription_id": "p1",
                "started_at": T(2024, 1, 1, 8),
                "amount": Decimal("1.5"),
                "interval_count": 1,
                "is_trial": False,
                "seats": 5,
            },
            {"subscription_id": "p3", "interval_count": 12, "is_trial": True},
            {"subscription_id": "p4", "interval_count": 1, "is_trial": False},
        ),
        refused=(Refused(2, "amount", "amount must be ≥ 0"),),
        types={"seats": "integer"},
    ),
    Case(
        "parquet-with-text-dates",
        "subscriptions",
        "text-dates.parquet",
        _text_dates_parquet,
        loaded=({"subscription_id": "101", "amount": Decimal("5.5")},),
        refused=(Refused(2, "started_at", "is not an ISO 8601 date"),),
    ),
    # -- JSON -------------------------------------------------------------------------------
    Case(
        "json-not-a-list",
        "subscriptions",
        "object.json",
        '{"subscription_id": "s1", "account_id": "a1"}',
        problem=("object.json: JSON must be a list of objects",),
    ),
    Case(
        "json-scalar",
        "subscriptions",
        "scalar.json",
        '"hello"',
        problem=("scalar.json: JSON must be a list of objects",),
    ),
    Case(
        "json-list-of-non-objects",
        "subscriptions",
        "numbers.json",
        "[1, 2, 3]",
        problem=("numbers.json: JSON must be a list of objects", "record 1 is not a JSON object"),
    ),
    Case(
        "json-list-with-a-non-object",
        "subscriptions",
        "mixed.json",
        '[{"subscription_id": "s1", "account_id": "a1", "started_at": "2024-01-01", '
        '"amount": 10}, ["s2"]]',
        loaded=(GOOD_SUB,),
        refused=(Refused(2, "", "is not a JSON object"),),
    ),
    Case(
        "invalid-json",
        "subscriptions",
        "broken.json",
        '[{"subscription_id": "s1", "amount": }]',
        problem=("broken.json: not valid JSON", "line 1 column"),
    ),
    Case(
        "json-lines-with-a-bad-line",
        "subscriptions",
        "lines.jsonl",
        '{"subscription_id": "s1", "account_id": "a1", "started_at": "2024-01-01", "amount": 10}\n'
        "\n"
        '{"subscription_id": "s2", "account_id": \n'
        '{"subscription_id": "s3", "account_id": "a1", "started_at": "2024-01-01", "amount": "x"}\n'
        '{"subscription_id": "s4", "account_id": "a2", "started_at": "2024-01-01", "amount": 1e3,'
        ' "is_trial": true, "quantity": 3, "extra": {"k": [1, 2]}}\n',
        loaded=(
            GOOD_SUB,
            {"subscription_id": "s4", "amount": Decimal(1000), "is_trial": True, "quantity": 3},
        ),
        refused=(
            Refused(3, "", "is not valid JSON"),
            Refused(4, "amount", "is not a decimal number"),
        ),
        types={"extra": "string"},
    ),
    Case(
        "json-numbers-keep-their-digits",
        "subscriptions",
        "numbers-ok.json",
        '[{"subscription_id": "s1", "account_id": "a1", "started_at": "2024-01-01",'
        ' "amount": 0.0001},'
        ' {"subscription_id": "s2", "account_id": "a1", "started_at": "2024-01-01",'
        ' "amount": 0.00001}]',
        loaded=({"subscription_id": "s1", "amount": Decimal("0.0001")},),
        refused=(Refused(2, "amount", "with at most 4 decimals"),),
    ),
    # -- table, format and file ---------------------------------------------------------------
    Case(
        "unknown-table",
        "subscription",
        "t.csv",
        subs("s1,a1,2024-01-01,10"),
        problem=("unknown table 'subscription'", "known tables: accounts, subscriptions"),
    ),
    Case(
        "unknown-format",
        "subscriptions",
        "x.csv",
        subs("s1,a1,2024-01-01,10"),
        format="xml",
        problem=("unknown format 'xml'; use one of csv, parquet, json",),
    ),
    Case(
        "unknown-suffix",
        "subscriptions",
        "x.xlsx",
        subs("s1,a1,2024-01-01,10"),
        problem=("x.xlsx: cannot tell the format from '.xlsx'; pass --format",),
    ),
    Case(
        "declared-format",
        "subscriptions",
        "export.data",
        subs("s1,a1,2024-01-01,10"),
        format="csv",
        loaded=(GOOD_SUB,),
    ),
    Case("directory", "subscriptions", "folder.csv", None, problem=("folder.csv: not a file",)),
    # -- columns and --map ------------------------------------------------------------------
    Case(
        "map-names-absent-column",
        "subscriptions",
        "map-absent.csv",
        subs("s1,a1,2024-01-01,10"),
        mapping={"price": "amount"},
        problem=("--map names column(s) not in the file: price",),
    ),
    Case(
        "two-columns-map-to-one",
        "subscriptions",
        "map-twice.csv",
        subs("s1,a1,2024-01-01,10,12", header=SUBS + ",price"),
        mapping={"price": "amount"},
        problem=("columns 'amount' and 'price' both map to 'amount'",),
    ),
    Case(
        "normalised-names-collide",
        "accounts",
        "collide.csv",
        "account_id,Plan Name,plan_name\nb1,x,y\n",
        problem=("both map to 'plan_name'",),
    ),
    Case(
        "duplicate-header",
        "subscriptions",
        "dup-header.csv",
        subs("s1,a1,2024-01-01,10,x,y", header=SUBS + ",plan,plan"),
        problem=("the header names column 'plan' twice",),
    ),
    Case(
        "map-renames-and-drops",
        "subscriptions",
        "mapped.csv",
        "Sub ID,Customer,Start,Price,Secret\ns1,a1,2024-01-01,10,hush\n",
        mapping={
            "Sub ID": "subscription_id",
            "customer": "account_id",
            "Start": "started_at",
            "price": "amount",
            "Secret": "",
        },
        loaded=(GOOD_SUB,),
    ),
    Case(
        "reserved-prefix",
        "subscriptions",
        "reserved.csv",
        subs("s1,a1,2024-01-01,10,1", header=SUBS + ",_tenure_line"),
        problem=("column '_tenure_line' uses the reserved prefix _tenure",),
    ),
    Case(
        "reserved-prefix-as-map-target",
        "subscriptions",
        "reserved-map.csv",
        subs("s1,a1,2024-01-01,10,1", header=SUBS + ",n"),
        mapping={"n": "_tenure_row"},
        problem=("--map target '_tenure_row' uses the reserved prefix _tenure",),
    ),
    Case(
        "attribute-columns",
        "accounts",
        "attributes.csv",
        "Account ID,Seats,Zip,VIP,Ratio,Since,Region,Sparse\n"
        "b1,10,007,true,1.5,2024-01-01,eu,\n"
        "b2,-3,123,False,2,2024-02-01T10:00:00+01:00,us,\n",
        loaded=(
            {
                "account_id": "b1",
                "seats": 10,
                "zip": "007",
                "vip": True,
                "ratio": 1.5,
                "since": T(2024, 1, 1),
                "region": "eu",
                "sparse": None,
            },
            {
                "account_id": "b2",
                "seats": -3,
                "zip": "123",
                "vip": False,
                "ratio": 2.0,
                "since": T(2024, 2, 1, 9),
            },
        ),
        types={
            "seats": "integer",
            "zip": "string",
            "vip": "boolean",
            "ratio": "float",
            "since": "timestamp",
            "region": "string",
            "sparse": "string",
        },
    ),
    # -- CSV dialects -------------------------------------------------------------------------
    Case(
        "semicolons",
        "subscriptions",
        "semi.csv",
        "subscription_id;account_id;started_at;amount\ns1;a1;2024-01-01;10\ns2;a1;2024-01-01;10,5\n",
        loaded=(GOOD_SUB,),
        refused=(Refused(3, "amount", "is not a decimal number"),),
    ),
    Case(
        "tabs",
        "subscriptions",
        "tabs.tsv",
        "subscription_id\taccount_id\tstarted_at\tamount\ns1\ta1\t2024-01-01\t10\n",
        loaded=(GOOD_SUB,),
    ),
    Case(
        "crlf",
        "subscriptions",
        "crlf.csv",
        subs("s1,a1,2024-01-01,10", "s2,a1,2024-01-01,x").replace("\n", "\r\n"),
        loaded=(GOOD_SUB,),
        refused=(Refused(3, "amount", "not a decimal"),),
    ),
    Case(
        "quoted-commas-and-newlines",
        "subscriptions",
        "quoted.csv",
        subs(
            's1,a1,2024-01-01,10,"Pro, annual\nwith ""support"""',
            's2,a1,2024-01-01,x,"two\r\nlines"',
            "s3,a1,2024-01-01,bad,plain",
            header=SUBS + ",plan",
        ),
        loaded=(GOOD_SUB | {"plan": 'Pro, annual\nwith "support"'},),
        refused=(Refused(4, "amount", "not a decimal"), Refused(6, "amount", "not a decimal")),
    ),
    Case(
        "blank-lines",
        "subscriptions",
        "gaps.csv",
        "\n\n" + subs("s1,a1,2024-01-01,10", "", ",,,", "s2,a1,2024-01-01,x", "   "),
        loaded=(GOOD_SUB,),
        refused=(Refused(7, "amount", "not a decimal"),),
    ),
    Case(
        "wrong-number-of-fields",
        "subscriptions",
        "ragged.csv",
        subs("s1,a1,2024-01-01,10", "s2,a1,2024-01-01,10,surplus", "s3,a1", "s4,a2,2024-01-01,4"),
        loaded=(GOOD_SUB, {"subscription_id": "s4"}),
        refused=(
            Refused(3, "", "has 5 fields but the header has 4"),
            Refused(4, "", "has 2 fields but the header has 4"),
        ),
    ),
)


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 30
    assert len({case.id for case in CASES}) == len(CASES)
    assert sum(1 for case in CASES if case.problem or case.refused) >= 30


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input(case: Case, accounts_workspace: Workspace, write_file: WriteFile) -> None:
    ws = accounts_workspace
    before = _snapshot(ws)
    path = _make(case, write_file)
    if case.problem:
        with pytest.raises(FileProblem) as caught:
            _import(ws, case, path)
        message = str(caught.value)
        assert "\n" not in message
        for fragment in case.problem:
            assert fragment in message
        assert _snapshot(ws) == before, "a refused file must change nothing"
        return
    report = _import(ws, case, path)
    assert report.rows_read == len(case.loaded) + len(case.refused)
    assert report.quarantined == len(case.refused)
    assert (report.inserted, report.updated, report.unchanged) == (len(case.loaded), 0, 0)
    _check_quarantine(ws, case, path, report.first_refusals)
    _check_loaded(ws, case)


def _import(ws: Workspace, case: Case, path: Path) -> ImportReport:
    return ws.import_file(case.table, path, case.format, case.mapping, case.encoding)


def _make(case: Case, write_file: WriteFile) -> Path:
    data = case.data()
    if data is None:
        path = write_file("placeholder", b"").parent / case.file
        path.mkdir()
        return path
    return write_file(case.file, data)


def _snapshot(ws: Workspace) -> dict[str, object]:
    """Every canonical table, the quarantine and the import log, as plain values."""
    tables = {name: _rows(ws, name) for name in TABLES}
    return tables | {"quarantine": len(ws.quarantine()), "imports": len(ws.imports())}


def _rows(ws: Workspace, table: str) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = ws.table(table).to_pyarrow().to_pylist()
    return sorted(rows, key=repr)


def _check_quarantine(ws: Workspace, case: Case, path: Path, first: tuple[Refusal, ...]) -> None:
    held = ws.quarantine(case.table).sort_values("line")
    assert list(held["line"]) == [refused.line for refused in case.refused]
    assert list(held["column"]) == [refused.column for refused in case.refused]
    for reason, refused in zip(held["reason"], case.refused, strict=True):
        assert refused.reason in reason
    assert set(held["file"]) <= {str(path)}
    assert [refusal.line for refusal in first] == [refused.line for refused in case.refused]
    for record in held["record"]:
        assert isinstance(json.loads(record), dict | str)


def _check_loaded(ws: Workspace, case: Case) -> None:
    stored = [
        row
        for row in _rows(ws, case.table)
        if case.table != "accounts" or row["account_id"] not in KNOWN_ACCOUNTS
    ]
    assert len(stored) == len(case.loaded)
    for expected in case.loaded:
        matches = [row for row in stored if all(row[k] == v for k, v in expected.items())]
        assert len(matches) == 1, (expected, stored)
    types = ws.store.column_types(case.table)
    for column, column_type in case.types.items():
        assert types[column] == column_type
