"""Generated documentation must match the code it is generated from."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tenure.reference import data_model_markdown
from tenure.schema import TABLES
from tenure.settings_reference import settings_markdown

DOCS = Path(__file__).resolve().parents[1] / "docs"


#: Generated pages: file in docs/ → (generator, the command that writes it).
GENERATED: dict[str, tuple[Callable[[], str], str]] = {
    "data-model.md": (data_model_markdown, "tenure schema --markdown"),
    "configuration.md": (settings_markdown, "tenure settings --markdown"),
}


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_a_generated_page_matches_its_source(name: str) -> None:
    generate, command = GENERATED[name]
    page = (DOCS / name).read_text(encoding="utf-8")
    assert page == generate(), (
        f"docs/{name} is out of date: run `make docs` (or `{command} > docs/{name}`)"
    )


def test_the_data_model_page_covers_every_table_and_column() -> None:
    page = data_model_markdown()
    for name, table in TABLES.items():
        assert f"## `{name}`" in page
        for column in table.columns:
            assert f"| `{column.name}` |" in page


def test_every_setting_is_described() -> None:
    rows = [line for line in settings_markdown().splitlines() if line.startswith("| `")]
    assert len(rows) > 60
    assert [row for row in rows if row.rstrip().endswith("|  |")] == []
