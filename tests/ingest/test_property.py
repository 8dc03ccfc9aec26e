"""Generated files mixing good and bad rows: nothing is lost, nothing is loaded twice.

Each generated row knows whether it is good and, if so, exactly what must be stored. The
oracle replays the import's rules (field checks, then the first line of each key wins,
then unknown accounts) and the test compares counts, quarantine lines and stored values.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tenure.ingest.pipeline import ImportReport
from tenure.workspace import Workspace

ACCOUNTS = ("a1", "a2", "a3")
SCALES = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7), "poll": (0, 10)}

#: A cell: its text in the file (None = left out of a JSON record / empty in CSV) and the
#: value it must be stored as, or BAD when the row must be refused because of it.
BAD = object()
Cell = tuple[str | None, object]


@dataclass(frozen=True)
class Row:
    key: str
    account: str
    cells: dict[str, Cell]

    @property
    def is_field_bad(self) -> bool:
        return any(expected is BAD for _, expected in self.cells.values())


# -- cell strategies -------------------------------------------------------------------------


@st.composite
def timestamps(draw: st.DrawFn) -> Cell:
    """A good timestamp in one of several ISO spellings, or a bad one."""
    moment = draw(st.datetimes(datetime(2019, 1, 1), datetime(2025, 12, 31)))
    moment = moment.replace(microsecond=0)
    offset = draw(st.integers(-12, 12))
    spellings = [
        (moment.strftime("%Y-%m-%d"), moment.replace(hour=0, minute=0, second=0)),
        (moment.strftime("%Y-%m-%dT%H:%M:%S"), moment),
        (moment.strftime("%Y-%m-%d %H:%M:%SZ"), moment),
        (
            moment.replace(tzinfo=timezone(timedelta(hours=offset))).isoformat(),
            moment - timedelta(hours=offset),
        ),
    ]
    bad: list[Cell] = [
        ("2023-02-29", BAD),
        ("someday", BAD),
        ("1900-01-01", BAD),
        ("2999-01-01", BAD),
        (None, BAD),
    ]
    return draw(st.sampled_from(spellings + bad))


@st.composite
def amounts(draw: st.DrawFn) -> Cell:
    units = draw(st.integers(0, 10**9))
    places = draw(st.integers(0, 4))
    value = Decimal(units).scaleb(-places)
    good: Cell = (format(value, "f"), value)
    bad: list[Cell] = [
        (format(-value - 1, "f"), BAD),
        ("ten", BAD),
        (format(value, "f") + "01234", BAD) if places else ("1.00001", BAD),
        (None, BAD),
    ]
    return draw(st.sampled_from([good, good, good, *bad]))


def choice_cells(options: Sequence[str], default: object) -> st.SearchStrategy[Cell]:
    good = [(option, option) for option in options] + [
        (option.upper(), option) for option in options
    ]
    return st.sampled_from([*good, (None, default), ("fortnight", BAD)])


def boolean_cells() -> st.SearchStrategy[Cell]:
    return st.sampled_from(
        [("true", True), ("no", False), ("1", True), ("F", False), (None, False), ("maybe", BAD)]
    )


def keys_and_accounts(draw: st.DrawFn, index: int, prefix: str) -> tuple[str, str]:
    """Mostly a fresh key and a known account; sometimes a repeated key or an unknown one."""
    repeat = draw(st.integers(0, max(index - 1, 0))) if index and draw(st.booleans()) else None
    key = f"{prefix}{repeat if repeat is not None and draw(st.integers(0, 5)) == 0 else index}"
    account = draw(st.sampled_from([*ACCOUNTS, *ACCOUNTS, "nobody"]))
    return key, account


@st.composite
def subscription_rows(draw: st.DrawFn, index: int) -> Row:
    key, account = keys_and_accounts(draw, index, "s")
    cells = {
        "started_at": draw(timestamps()),
        "amount": draw(amounts()),
        "interval": draw(choice_cells(("day", "week", "month", "quarter", "year"), "month")),
        "is_trial": draw(boolean_cells()),
    }
    return Row(key, account, cells)


@st.composite
def survey_rows(draw: st.DrawFn, index: int) -> Row:
    key, account = keys_and_accounts(draw, index, "r")
    survey = draw(st.sampled_from([*SCALES, "foo"]))
    score = draw(st.one_of(st.integers(-2, 12).map(str), st.sampled_from(["9.5", "x", ""])))
    low, high = SCALES.get(survey, (0, -1))
    good_score = score.lstrip("-").isdigit() and low <= int(score) <= high
    cells: dict[str, Cell] = {
        "responded_at": draw(timestamps()),
        "survey": (survey, survey if survey in SCALES else BAD),
        "score": (score or None, int(score) if good_score else BAD),
    }
    return Row(key, account, cells)


def row_lists(kind: str) -> st.SearchStrategy[list[Row]]:
    make = subscription_rows if kind == "subscriptions" else survey_rows

    @st.composite
    def build(draw: st.DrawFn) -> list[Row]:
        count = draw(st.integers(0, 25))
        return [draw(make(index)) for index in range(count)]

    return build()


# -- files and the oracle ----------------------------------------------------------------------

KEYS = {"subscriptions": "subscription_id", "surveys": "response_id"}
CELLS = {
    "subscriptions": ("started_at", "amount", "interval", "is_trial"),
    "surveys": ("responded_at", "survey", "score"),
}


def write(rows: list[Row], table: str, folder: Path, fmt: str) -> tuple[Path, list[int]]:
    """The file, and the line each row is on."""
    key = KEYS[table]
    columns = [key, "account_id", *CELLS[table]]
    records = [
        {key: row.key, "account_id": row.account, **{n: text for n, (text, _) in row.cells.items()}}
        for row in rows
    ]
    if fmt == "csv":
        path = folder / f"{table}.csv"
        lines = [",".join(columns)]
        lines += [",".join(record.get(c) or "" for c in columns) for record in records]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path, [index + 2 for index in range(len(rows))]
    path = folder / f"{table}.jsonl"
    text = "".join(json.dumps(record) + "\n" for record in records)
    path.write_text(text, encoding="utf-8")
    return path, [index + 1 for index in range(len(rows))]


def expected_outcome(rows: list[Row]) -> tuple[dict[str, Row], set[int]]:
    """Rows that must be stored (by key) and the indexes of the rows that must be refused."""
    refused: set[int] = set()
    first: dict[str, int] = {}
    for index, row in enumerate(rows):
        if row.is_field_bad:
            refused.add(index)
        elif row.key in first:
            refused.add(index)  # duplicate key: the first line wins, even if it is refused later
        else:
            first[row.key] = index
    stored = {}
    for key, index in first.items():
        if rows[index].account in ACCOUNTS:
            stored[key] = rows[index]
        else:
            refused.add(index)
    return stored, refused


def stored_rows(ws: Workspace, table: str) -> dict[str, dict[str, object]]:
    data: pa.Table = ws.table(table).to_pyarrow()
    return {row[KEYS[table]]: row for row in data.to_pylist()}


def check_import(ws: Workspace, table: str, rows: list[Row], fmt: str, folder: Path) -> None:
    if not rows and fmt == "jsonl":
        return  # a JSON file with no record at all is a file problem, tested in the corpus
    path, lines = write(rows, table, folder, fmt)
    stored, refused = expected_outcome(rows)
    report = ws.import_file(table, path)
    assert report.rows_read == len(rows)
    assert report.inserted + report.quarantined == report.rows_read
    assert report.inserted == len(stored)
    quarantine = ws.quarantine(table)
    assert sorted(quarantine["line"]) == sorted(lines[index] for index in refused)
    held = stored_rows(ws, table)
    assert set(held) == set(stored)
    for key, row in stored.items():
        assert held[key]["account_id"] == row.account
        for name, (_, value) in row.cells.items():
            assert held[key][name] == value, (key, name, row.cells[name], held[key][name])
    again = ws.import_file(table, path)
    assert_nothing_changed(again, report)
    assert stored_rows(ws, table) == held
    assert sorted(ws.quarantine(table)["line"]) == sorted(quarantine["line"])


def assert_nothing_changed(again: ImportReport, first: ImportReport) -> None:
    assert (again.inserted, again.updated) == (0, 0)
    assert again.unchanged == first.inserted
    assert again.unchanged + again.quarantined == again.rows_read == first.rows_read


def new_workspace(folder: Path) -> Workspace:
    ws = Workspace.init(folder / "ws")
    accounts = folder / "accounts.csv"
    accounts.write_text("account_id\n" + "\n".join(ACCOUNTS) + "\n", encoding="utf-8")
    ws.import_file("accounts", accounts)
    return ws


PROPERTY_SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@pytest.mark.slow
@PROPERTY_SETTINGS
@given(
    rows=row_lists("subscriptions"),
    fmt=st.sampled_from(["csv", "jsonl"]),
    changes=st.sets(st.integers(0, 24)),
)
def test_subscriptions_mixing_good_and_bad_rows(
    rows: list[Row], fmt: str, changes: set[int]
) -> None:
    with tempfile.TemporaryDirectory() as scratch, new_workspace(Path(scratch)) as ws:
        check_import(ws, "subscriptions", rows, fmt, Path(scratch))
        check_changed_amounts(ws, rows, changes, Path(scratch))


@PROPERTY_SETTINGS
@given(rows=row_lists("surveys"), fmt=st.sampled_from(["csv", "jsonl"]))
def test_surveys_mixing_good_and_bad_rows(rows: list[Row], fmt: str) -> None:
    with tempfile.TemporaryDirectory() as scratch, new_workspace(Path(scratch)) as ws:
        check_import(ws, "surveys", rows, fmt, Path(scratch))


def check_changed_amounts(ws: Workspace, rows: list[Row], changes: set[int], folder: Path) -> None:
    """Re-import with some stored amounts changed: each changed row counts as updated."""
    stored, _ = expected_outcome(rows)
    changed_keys = {row.key for index, row in enumerate(rows) if index in changes} & set(stored)
    new_amount: Cell = ("123.4567", Decimal("123.4567"))
    edited = [
        Row(row.key, row.account, row.cells | {"amount": new_amount})
        if row.key in changed_keys and index == _first_good(rows, row.key)
        else row
        for index, row in enumerate(rows)
    ]
    updated = {key for key in changed_keys if stored[key].cells["amount"][1] != new_amount[1]}
    report = ws.import_file("subscriptions", write(edited, "subscriptions", folder, "csv")[0])
    assert (report.inserted, report.updated) == (0, len(updated))
    total = report.inserted + report.updated + report.unchanged + report.quarantined
    assert total == report.rows_read == len(rows)
    held = stored_rows(ws, "subscriptions")
    assert set(held) == set(stored)
    for key in changed_keys:
        assert held[key]["amount"] == new_amount[1]


def _first_good(rows: list[Row], key: str) -> int:
    return next(index for index, row in enumerate(rows) if row.key == key and not row.is_field_bad)


def test_the_oracle_sees_duplicates_before_unknown_accounts() -> None:
    good: dict[str, Cell] = {"amount": ("1", Decimal(1))}
    rows = [Row("s1", "nobody", good), Row("s1", "a1", good), Row("s2", "a1", good)]
    stored, refused = expected_outcome(rows)
    assert set(stored) == {"s2"} and refused == {0, 1}


def test_utc_is_what_the_timestamps_strategy_expects() -> None:
    moment = datetime(2024, 1, 1, 12, tzinfo=timezone(timedelta(hours=2)))
    assert moment.astimezone(UTC).replace(tzinfo=None) == datetime(2024, 1, 1, 10)
