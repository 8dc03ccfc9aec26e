"""Done means: a PDF review pack for the demo company and for one account, its pages
rendered to PNG (pdftoppm), with every section and chart there (text and pixels)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdf_pages import Word, colourful_pixels, find, read_png, region, render_pages, text, words
from reports_common import PERIOD
from typer.testing import CliRunner

from tenure.cli.main import app
from tenure.workspace import Workspace

SECTIONS = (
    "Summary",
    "Objectives and progress",
    "MRR history",
    "Usage and adoption",
    "Health",
    "Tickets and satisfaction",
    "NPS and what customers say",
    "Risks and next steps",
    "About these numbers",
)
COMPANY_CHARTS = (
    "MRR at month end",
    "MRR movements",
    "Monthly active users",
    "Feature adoption",
    "Accounts per health tier",
    "Tickets opened per month",
    "NPS by month",
)
ACCOUNT_CHARTS = ("MRR at month end", "Monthly active users", "Score per group")
#: A chart's marks below its caption: at least this many clearly coloured pixels (72 dpi).
MIN_COLOURED = 120


@pytest.fixture(scope="module")
def company_pdf(demo_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The company pack, printed through the CLI."""
    output = tmp_path_factory.mktemp("company") / "company.pdf"
    arguments = ["report", "company", "--period", PERIOD, "--format", "pdf"]
    result = CliRunner().invoke(
        app, [*arguments, "--output", str(output), "--workspace", str(demo_folder)]
    )
    assert result.exit_code == 0, result.output
    return output


@pytest.fixture(scope="module")
def account_pdf(
    demo_folder: Path, account_id: str, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """One account's pack, printed through the Workspace."""
    output = tmp_path_factory.mktemp("account") / "account.pdf"
    with Workspace.open(demo_folder) as ws:
        output.write_bytes(ws.review_pack(account_id, PERIOD, "pdf"))
    return output


def chart_box(caption: Word) -> tuple[float, float, float, float]:
    """Where a chart's marks are: below its caption, across its half of the page."""
    return (caption.x0 - 4, caption.y1 + 2, caption.x0 + 265, caption.y1 + 150)


def check_charts(pdf: Path, captions: tuple[str, ...], folder: Path) -> None:
    pages = render_pages(pdf, folder)
    found = words(pdf)
    images = {}
    for caption in captions:
        word = find(found, caption)
        assert word is not None, f"no chart titled {caption!r}"
        image = images.setdefault(word.page, read_png(pages[word.page - 1]))
        coloured = colourful_pixels(region(image, chart_box(word)))
        assert coloured >= MIN_COLOURED, f"chart {caption!r} looks blank ({coloured} px)"


def check_sections(pdf: Path) -> str:
    content = text(pdf)
    for title in SECTIONS:
        assert title in content, f"no section {title!r}"
    return content


def test_company_pack_has_every_section(company_pdf: Path) -> None:
    content = check_sections(company_pdf)
    assert "Demo Co" in content and "Q3 2026" in content
    for figure in ("MRR", "ARR", "CUSTOMERS", "NPS", "CSAT"):
        assert figure in content
    assert "Least healthy customers" in content
    assert "Recurring themes" in content and "In their words" in content


def test_company_pack_charts_are_drawn(company_pdf: Path, tmp_path: Path) -> None:
    check_charts(company_pdf, COMPANY_CHARTS, tmp_path / "pages")


def test_company_pages_render_to_png(company_pdf: Path, tmp_path: Path) -> None:
    pages = render_pages(company_pdf, tmp_path / "png")
    assert 3 <= len(pages) <= 12
    first = read_png(pages[0])
    assert first.shape[1] == 595  # A4 at 72 dpi
    assert colourful_pixels(first) > 20_000  # the coloured cover band


def test_account_pack_has_every_section(account_pdf: Path, account_id: str) -> None:
    content = check_sections(account_pdf)
    assert f"Account {account_id}" in content
    assert "Executive business review" in content
    assert "What the score is made of" in content
    assert "Subscriptions in the last twelve months" in content


def test_account_pack_charts_are_drawn(account_pdf: Path, tmp_path: Path) -> None:
    check_charts(account_pdf, ACCOUNT_CHARTS, tmp_path / "pages")
