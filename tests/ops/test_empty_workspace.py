"""A new, empty workspace: every score and operations command answers with an empty result
or a one-line reason, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tenure.cli.main import app
from tenure.errors import TenureError
from tenure.workspace import Workspace


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    folder = tmp_path / "empty"
    Workspace.init(folder, name="empty").close()
    return folder


def test_the_facade_returns_empty_frames(empty: Path) -> None:
    with Workspace.open(empty) as ws:
        assert ws.health().empty
        assert ws.upsell().empty
        assert ws.tasks().empty
        assert ws.run_alerts(notify=False).created == []
        assert ws.portfolios().empty


@pytest.mark.parametrize(
    "command",
    [["health"], ["alerts", "run", "--no-notify"], ["upsell"], ["portfolio"], ["tasks"],
     ["metrics", "summary"], ["risk", "score"], ["clv", "fit"]],
)  # fmt: skip
def test_commands_answer_without_a_crash(empty: Path, command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, "--workspace", str(empty)])
    if result.exit_code == 0:
        return
    assert isinstance(result.exception, TenureError), result.exception
    assert "import" in str(result.exception)  # says what to import first
