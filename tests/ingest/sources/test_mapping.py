"""The declarative mapping layer: value conversions, readers, attributes, detection, docs."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pytest

from tenure.errors import FileProblem
from tenure.ingest.sources import all_sources
from tenure.ingest.sources.exports import Export, ExportSet
from tenure.ingest.sources.mapping import Drop, Field, TableMap
from tenure.ingest.sources.records import flatten, json_records, read_csv
from tenure.ingest.sources.values import (
    BOOLEAN,
    CENTS,
    DECIMAL,
    EPOCH,
    INTEGER,
    INTERVAL,
    SIZE_BAND,
    TIMESTAMP,
    choice,
)
from tenure.reference import sources_markdown

DOCS = Path(__file__).resolve().parents[3] / "docs" / "sources.md"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1700000000", "2023-11-14T22:13:20Z"),
        ("1700000000123", "2023-11-14T22:13:20.123000Z"),
        ("1700000000.5", "2023-11-14T22:13:20.500000Z"),
        ("soon", "soon"),
    ],
)
def test_epoch(raw: str, expected: str) -> None:
    assert EPOCH(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-03-31 14:00:00+02:00", "2024-03-31T12:00:00Z"),
        ("2024-03-31T12:00:00.000Z", "2024-03-31T12:00:00Z"),
        ("2024-03-31 09:30", "2024-03-31T09:30:00Z"),
        ("2024-03-31", "2024-03-31T00:00:00Z"),
        ("31/03/2024", "31/03/2024"),
    ],
)
def test_timestamps_become_utc(raw: str, expected: str) -> None:
    assert TIMESTAMP(raw) == expected


def test_amounts_stay_exact() -> None:
    assert DECIMAL("0.1") == "0.1"
    assert DECIMAL("1,234.50") == "1234.5"
    assert DECIMAL("1E+3") == "1000"
    assert DECIMAL("NaN") == "NaN"  # passed on, so the validator refuses it
    assert CENTS("1999") == "19.99"
    assert CENTS("-5") == "-0.05"
    assert CENTS("12.5") == "12.5"


def test_whole_numbers_and_booleans() -> None:
    assert (INTEGER("3"), INTEGER("3.0"), INTEGER("3.5")) == ("3", "3", "3.5")
    assert [BOOLEAN(v) for v in ("TRUE", "no", "1", "maybe")] == ["true", "false", "true", "maybe"]


def test_choices() -> None:
    status = choice({"in_trial": "trial", "offered": None})
    assert status("In Trial") == "trial"
    assert status("Offered") is None
    assert status("Paused") == "paused"
    assert [INTERVAL(v) for v in ("Monthly", "annual", "year", "fortnight")] == [
        "month",
        "year",
        "year",
        "fortnight",
    ]


@pytest.mark.parametrize(
    ("employees", "band"),
    [("1", "1-10"), ("10", "1-10"), ("11", "11-50"), ("5000", "1001-5000"), ("20000", "10001+")],
)
def test_size_bands(employees: str, band: str) -> None:
    assert SIZE_BAND(employees) == band


def test_size_band_passes_nonsense_on() -> None:
    assert (SIZE_BAND("0"), SIZE_BAND("many")) == ("0", "many")


def test_flatten_json_records() -> None:
    record = {"a": {"b": 1, "c": {"d": True}}, "e": [1, 2], "f": "", "g": {}, "h": 2.5}
    assert flatten(record) == {"a.b": "1", "a.c.d": "true", "e": "[1, 2]", "f": None, "h": "2.5"}


def test_json_containers_lists_and_lines(tmp_path: Path) -> None:
    page = tmp_path / "page.json"
    page.write_text('{"total": 2, "items": [{"id": 1}, {"id": 2}]}', encoding="utf-8")
    assert json_records(page, ("items",)) == [{"id": 1}, {"id": 2}]
    lines = tmp_path / "lines.jsonl"
    lines.write_text('{"id": 1}\n\n{"id": 2}\n', encoding="utf-8")
    assert json_records(lines) == [{"id": 1}, {"id": 2}]
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": 1}\n{"id": \n', encoding="utf-8")
    with pytest.raises(FileProblem, match="line 2 is not valid JSON"):
        json_records(broken)


def test_csv_with_bom_and_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes("\ufeffId;Name\n1; Acme \n\n2;\n".encode())
    file = read_csv(path)
    assert file.columns == ("Id", "Name")
    assert file.rows == [{"Id": "1", "Name": "Acme"}, {"Id": "2", "Name": None}]
    empty = tmp_path / "empty.csv"
    empty.write_text("  \n", encoding="utf-8")
    with pytest.raises(FileProblem, match="empty"):
        read_csv(empty)


TOY = Export(
    title="toy accounts export",
    format="csv",
    prefix="toy",
    main=TableMap(
        "accounts",
        (
            Field("account_id", ("ID",)),
            Field("plan", ("Plan",)),
            Field("mrr", ("MRR",), DECIMAL),
        ),
    ),
    drops=(Drop(("Secret*",), "not for us."),),
)


def _convert(tmp_path: Path, text: str) -> pa.Table:
    path = tmp_path / "toy.csv"
    path.write_text(text, encoding="utf-8")
    return TOY.convert_file(TOY.read(path))["accounts"]


def test_unmapped_columns_become_attributes(tmp_path: Path) -> None:
    table = _convert(tmp_path, "id,Name,Region Code,Secret Token,MRR\nA1,Acme,EU-1,x,10.5\n")
    # `id` matches `ID` after normalisation; `Name` would collide with the canonical column
    assert table.column_names == ["account_id", "mrr", "toy_name", "region_code"]
    assert table.to_pylist() == [
        {"account_id": "A1", "mrr": Decimal("10.5"), "toy_name": "Acme", "region_code": "EU-1"}
    ]
    assert table.schema.field("mrr").type == pa.decimal128(18, 4)


def test_absent_columns_are_not_written(tmp_path: Path) -> None:
    table = _convert(tmp_path, "ID\nA1\n")
    assert table.column_names == ["account_id"]  # no empty `plan` to blank a stored one


def test_money_attribute_stays_text_when_not_exact(tmp_path: Path) -> None:
    table = _convert(tmp_path, "ID,MRR\nA1,10.123456\n")
    assert table.schema.field("mrr").type == pa.string()


def test_detection_prefers_the_most_specific_export(tmp_path: Path) -> None:
    both = ExportSet(
        (
            TOY,
            Export(
                title="toy invoices export",
                format="csv",
                main=TableMap(
                    "invoices",
                    (
                        Field("invoice_id", ("ID",)),
                        Field("account_id", ("Customer",)),
                        Field("issued_at", ("Date",)),
                        Field("amount", ("Total",)),
                    ),
                ),
            ),
        )
    )
    path = tmp_path / "invoices.csv"
    path.write_text("ID,Customer,Date,Total\nI1,A1,2024-01-01,5\n", encoding="utf-8")
    assert list(both.convert(path)) == ["invoices"]
    with pytest.raises(FileProblem, match="is a toy invoices export"):
        both.convert(path, "accounts")
    other = tmp_path / "other.json"
    other.write_text("[]", encoding="utf-8")
    with pytest.raises(FileProblem, match="expected a CSV export"):
        both.convert(other)


def test_every_source_is_documented() -> None:
    names = [source.name for source in all_sources()]
    assert names[0] == "helpdesk-log"
    assert set(names[1:]) == {
        "stripe",
        "chargebee",
        "zendesk",
        "intercom",
        "hubspot",
        "salesforce",
        "segment",
        "mixpanel",
        "posthog",
        "delighted",
        "typeform",
    }
    for source in all_sources()[1:]:
        assert "| export column | tenure column | conversion |" in source.documentation
        assert source.documentation.count("### ") >= 1


def test_docs_page_is_current() -> None:
    assert DOCS.read_text(encoding="utf-8") == sources_markdown(), (
        "docs/sources.md is stale: regenerate it with `tenure sources --markdown > docs/sources.md`"
    )
