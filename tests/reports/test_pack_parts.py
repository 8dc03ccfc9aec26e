"""Review-pack pieces: periods, honest notes for missing capabilities, offline HTML."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from reports_common import PERIOD
from typer.testing import CliRunner

from tenure.cli.main import app
from tenure.reports.context import ReportContext
from tenure.reports.period import PeriodError, last_complete_quarter, parse_period
from tenure.reports.sections import health, nps, risks
from tenure.workspace import Workspace


def test_periods() -> None:
    quarter = parse_period("2025-Q1")
    assert (quarter.start, quarter.end, quarter.grain) == (
        date(2025, 1, 1),
        date(2025, 3, 31),
        "quarter",
    )
    assert quarter.previous.start == date(2024, 10, 1)
    assert quarter.history_start == date(2024, 4, 1)
    assert parse_period("2024-02").end == date(2024, 2, 29)
    assert parse_period("2025").label == "2025"
    assert last_complete_quarter(date(2026, 10, 31)).label == "Q3 2026"
    assert last_complete_quarter(date(2026, 9, 30)).label == "Q3 2026"
    with pytest.raises(PeriodError):
        parse_period("last quarter")


@pytest.fixture
def ws(demo_folder: Path) -> Workspace:
    workspace = Workspace.open(demo_folder)
    yield workspace  # type: ignore[misc]
    workspace.close()


def test_a_missing_capability_is_a_note_never_a_value(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("health", "risk", "tasks", "feedback"):
        monkeypatch.setattr(ws, name, None, raising=False)
    ctx = ReportContext(ws, parse_period(PERIOD))
    section = health.build(ctx)
    assert not section.figures and not section.tables
    assert any(note.startswith("Not available: health") for note in section.notes)
    section = risks.build(ctx)
    assert any("churn risk" in note for note in section.notes)
    assert any("open tasks" in note for note in section.notes)
    assert any("verbatims" in note for note in nps.build(ctx).notes)


def test_a_failing_capability_is_a_note(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(**_: object) -> None:
        raise RuntimeError("model not fitted")

    monkeypatch.setattr(ws, "risk", broken, raising=False)
    section = risks.build(ReportContext(ws, parse_period(PERIOD)))
    assert "Not available: churn risk (model not fitted)" in section.notes


def test_html_pack_is_self_contained(demo_folder: Path, account_id: str, tmp_path: Path) -> None:
    output = tmp_path / "account.html"
    result = CliRunner().invoke(
        app,
        [
            *("report", "account", account_id, "--period", PERIOD, "--format", "html"),
            *("--output", str(output), "--workspace", str(demo_folder)),
        ],
    )
    assert result.exit_code == 0, result.output
    page = output.read_text(encoding="utf-8")
    assert page.count("<svg") >= 4
    for key in ("summary", "revenue", "usage", "health", "support", "nps", "risks"):
        assert f'data-section="{key}"' in page
    assert 'src="http' not in page and 'href="http' not in page and "@import" not in page


def test_unknown_account_is_a_clear_error(demo_folder: Path) -> None:
    result = CliRunner().invoke(
        app, ["report", "account", "nobody", "--format", "html", "--workspace", str(demo_folder)]
    )
    assert result.exit_code != 0
    assert "no account 'nobody'" in str(result.exception) + result.output
