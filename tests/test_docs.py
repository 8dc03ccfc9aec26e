"""Generated documentation must match the code it is generated from."""

from __future__ import annotations

from pathlib import Path

from tenure.reference import data_model_markdown
from tenure.schema import TABLES
from tenure.settings_reference import settings_markdown

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_the_data_model_page_matches_the_schema() -> None:
    page = (DOCS / "data-model.md").read_text(encoding="utf-8")
    assert page == data_model_markdown(), (
        "docs/data-model.md is out of date: run `make docs` "
        "(or `tenure schema --markdown > docs/data-model.md`)"
    )


def test_the_data_model_page_covers_every_table_and_column() -> None:
    page = data_model_markdown()
    for name, table in TABLES.items():
        assert f"## `{name}`" in page
        for column in table.columns:
            assert f"| `{column.name}` |" in page


def test_the_configuration_page_matches_the_settings() -> None:
    page = (DOCS / "configuration.md").read_text(encoding="utf-8")
    assert page == settings_markdown(), (
        "docs/configuration.md is out of date: run `make docs` "
        "(or `tenure settings --markdown > docs/configuration.md`)"
    )


def test_every_setting_is_described() -> None:
    rows = [line for line in settings_markdown().splitlines() if line.startswith("| `")]
    assert len(rows) > 60
    assert [row for row in rows if row.rstrip().endswith("|  |")] == []
