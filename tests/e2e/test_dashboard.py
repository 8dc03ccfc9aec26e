"""The dashboard in a real browser: every page, charts, explanations, upload, keyboard, phone."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from e2e_common import Server, Watch
from server_common import PASSWORD

pytestmark = pytest.mark.browser
#: The KPI pages beyond overview and revenue: path → (charts at least, id of a period table).
KPI_PAGES = {
    "/experience": (8, "experience-scores"),
    "/support": (10, "support-figures"),
    "/adoption": (8, "adoption-figures"),
}


def watch(page: Any) -> Watch:
    seen = Watch()
    page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: seen.errors.append(str(error)))

    def request(req: Any) -> None:
        host = urlsplit(req.url).hostname
        if req.url.startswith(("http:", "https:", "ws:", "wss:")) and host != "127.0.0.1":
            seen.outside.append(req.url)

    page.on("request", request)
    return seen


def sign_in(page: Any, server: Server, user: str) -> None:
    page.goto(f"{server.url}/login")
    page.fill("#username", user)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server.url}/")


@pytest.fixture
def session(browser: Any, server: Server) -> Iterator[tuple[Any, Watch]]:
    context = browser.new_context(viewport={"width": 1360, "height": 900})
    page = context.new_page()
    seen = watch(page)
    yield page, seen
    context.close()
    assert seen.outside == [], seen.outside
    assert seen.errors == [], seen.errors


def charts_drawn(page: Any, at_least: int) -> None:
    page.wait_for_function(
        f"document.querySelectorAll('.vega-embed svg').length >= {at_least}", timeout=30_000
    )
    failed = page.locator("[data-rendered=failed]").count()
    assert failed == 0


def shot(page: Any, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_every_page_renders_with_charts(
    session: tuple[Any, Watch], server: Server, screenshots: Path
) -> None:
    page, _ = session
    sign_in(page, server, "admin")
    charts_drawn(page, 8)
    shot(page, screenshots, "overview")
    nav = [a.get_attribute("href") for a in page.locator("nav[aria-label=Main] a").all()]
    assert {"/", "/revenue", "/customers", "/import", "/docs"} | set(KPI_PAGES) <= set(nav)
    page.goto(f"{server.url}/revenue")
    charts_drawn(page, 4)
    shot(page, screenshots, "revenue")
    for path, (charts, table) in KPI_PAGES.items():
        page.goto(f"{server.url}{path}")
        charts_drawn(page, charts)
        assert page.locator(f"#{table} tbody tr").count() >= 6, path
        shot(page, screenshots, path.strip("/"))
    page.goto(f"{server.url}/customers?sort=mrr&order=desc")
    assert page.locator("#customers tbody tr").count() == 50
    assert page.locator("#customers td[data-column=health_score] a").count() > 0
    shot(page, screenshots, "customers")
    page.locator("#customers tbody tr a").first.click()
    page.wait_for_url(re.compile(r".*/accounts/\w+"))
    charts_drawn(page, 2)
    assert page.locator("h2", has_text="Survey answers").count() == 1
    assert page.locator("#health-groups tbody tr").count() > 0
    assert page.locator("#risk h2", has_text="Churn risk").count() == 1
    shot(page, screenshots, "account")
    page.goto(f"{server.url}/import")
    shot(page, screenshots, "import")
    page.goto(f"{server.url}/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
    shot(page, screenshots, "api-docs")


def test_date_range_and_segment_change_the_figures(
    session: tuple[Any, Watch], server: Server
) -> None:
    page, _ = session
    sign_in(page, server, "admin")
    before = page.locator("[data-kpi=mrr]").get_attribute("data-value")
    page.fill("#start", "2026-03-01")
    page.fill("#end", "2026-08-31")
    page.select_option("#segment", "plan")
    page.select_option("#value", "growth")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r".*segment=plan.*value=growth"))
    charts_drawn(page, 8)
    after = page.locator("[data-kpi=mrr]").get_attribute("data-value")
    assert float(after or 0) < float(before or 0)
    assert page.locator("[data-kpi=mrr] .note").inner_text().startswith("2026-08")


def test_a_number_leads_to_its_explanation(
    session: tuple[Any, Watch], server: Server, screenshots: Path
) -> None:
    page, _ = session
    sign_in(page, server, "admin")
    page.click("[data-kpi=mrr] a.value")
    page.wait_for_url(re.compile(r".*/explain/mrr\?period=.*"))
    assert page.locator("h2", has_text="Formula").count() == 1
    assert page.locator("#explain-accounts tbody tr").count() > 0
    assert page.locator("pre.sql").count() == 1
    shot(page, screenshots, "explain")
    page.goto(f"{server.url}/revenue")
    page.locator("#movements tbody td[data-column=new] a").first.click()
    page.wait_for_url(re.compile(r".*/explain/new_mrr.*"))


def test_upload_with_a_bad_row_shows_the_quarantine_report(
    session: tuple[Any, Watch], server: Server, tmp_path: Path, screenshots: Path
) -> None:
    page, _ = session
    sign_in(page, server, "admin")
    data = tmp_path / "new-features.csv"
    data.write_text("feature,name,is_key\nbrowser_probe,Probe,true\n,Nameless,false\n")
    page.goto(f"{server.url}/import")
    page.select_option("#table", "features")
    page.set_input_files("#file", str(data))
    page.click("form.filters button[type=submit]")
    report = page.locator("#import-report")
    report.wait_for()
    assert "quarantined 1" in report.inner_text()
    assert page.locator("#refusals tbody tr").count() == 1
    shot(page, screenshots, "import-report")


def test_verbatims_open_by_theme(session: tuple[Any, Watch], server: Server) -> None:
    page, _ = session
    sign_in(page, server, "admin")
    page.goto(f"{server.url}/experience?start=2026-05-01&end=2026-10-31")
    theme = page.locator(".theme-list summary").first
    theme.focus()
    page.keyboard.press("Enter")
    quote = page.locator(".theme-list details[open] blockquote").first
    quote.wait_for()
    page.locator(".theme-list details[open] a").first.click()
    page.wait_for_url(re.compile(r".*/accounts/\w+"))
    page.goto(f"{server.url}/support")
    page.locator("#support-figures td[data-metric=ticket_csat] a").first.click()
    page.wait_for_url(re.compile(r".*/explain/csat\?.*csat_source=tickets.*"))
    assert page.locator("#explained-value").count() == 1


def test_keyboard_navigation(session: tuple[Any, Watch], server: Server) -> None:
    page, _ = session
    sign_in(page, server, "admin")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#content"
    page.goto(f"{server.url}/")
    for _ in range(3):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "/"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server.url}/revenue")


def test_phone_viewport(browser: Any, server: Server, screenshots: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    seen = watch(page)
    sign_in(page, server, "csm")
    charts_drawn(page, 8)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 392
    shot(page, screenshots, "phone-overview")
    page.goto(f"{server.url}/customers")
    assert page.evaluate("document.documentElement.scrollWidth") <= 392
    shot(page, screenshots, "phone-customers")
    for path in KPI_PAGES:
        page.goto(f"{server.url}{path}")
        charts_drawn(page, 4)
        assert page.evaluate("document.documentElement.scrollWidth") <= 392, path
        shot(page, screenshots, f"phone-{path.strip('/')}")
    context.close()
    assert seen.errors == [] and seen.outside == []


def test_roles_in_the_browser(session: tuple[Any, Watch], server: Server) -> None:
    page, seen = session
    sign_in(page, server, "viewer")
    links = page.locator("nav[aria-label=Main] a").all_inner_texts()
    assert "Customers" not in links and "Import" not in links
    answer = page.goto(f"{server.url}/customers")
    assert answer is not None and answer.status == 403
    seen.errors.remove(
        "Failed to load resource: the server responded with a status of 403 (Forbidden)"
    )
