"""In a real browser: a CSM marks a task done on the Tasks page; the Team and Goals pages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from e2e_common import Server
from server_common import PASSWORD

from tenure.workspace import Workspace

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def tasks_ready(server: Server) -> Server:
    """The served workspace with the alert rules run once (the server holds no connection)."""
    with Workspace.open(server.folder) as ws:
        ws.run_alerts(notify=False)
    return server


@pytest.fixture
def page(browser: Any, tasks_ready: Server) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1360, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert errors == []


def sign_in(page: Any, server: Server, user: str) -> None:
    page.goto(f"{server.url}/login")
    page.fill("#username", user)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server.url}/")


def test_a_csm_marks_a_task_done(page: Any, tasks_ready: Server, screenshots: Path) -> None:
    sign_in(page, tasks_ready, "csm")
    page.click("nav >> text=Tasks")
    page.wait_for_url(f"{tasks_ready.url}/tasks")
    rows = page.locator("tr[data-status=open]")
    before = rows.count()
    assert before > 0
    task_id = rows.first.get_attribute("data-task")
    page.screenshot(path=str(screenshots / "tasks.png"), full_page=True)
    page.get_by_role("button", name=f"Mark task {task_id} done").click()
    page.wait_for_url(f"{tasks_ready.url}/tasks?status=open")
    assert page.locator(f"tr[data-task='{task_id}']").count() == 0
    assert page.locator("tr[data-status=open]").count() == before - 1
    page.select_option("#f-status", "done")
    page.click("text=Apply")
    assert page.locator(f"tr[data-task='{task_id}'][data-status=done]").count() == 1


def test_team_and_goals_pages_render(page: Any, tasks_ready: Server, screenshots: Path) -> None:
    sign_in(page, tasks_ready, "admin")
    page.goto(f"{tasks_ready.url}/team")
    assert page.locator("tr[data-csm]").count() > 0
    assert page.locator("tr[data-benchmark]").count() == 8
    page.screenshot(path=str(screenshots / "team.png"), full_page=True)
    page.goto(f"{tasks_ready.url}/goals")
    page.select_option("#g-metric", "mrr")
    page.fill("#g-target", "150000")
    page.fill("#g-period", "2026-Q4")
    page.click("text=Add goal")
    page.wait_for_url(f"{tasks_ready.url}/goals")
    assert page.locator("tr[data-goal]").count() == 1
    page.screenshot(path=str(screenshots / "goals.png"), full_page=True)
