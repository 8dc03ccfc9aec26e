"""The [metrics] section of tenure.toml: preset, overrides, validation, periods."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tenure.config import ConfigError, load_settings
from tenure.metrics.errors import MetricError
from tenure.metrics.periods import add_months, parse_day, period_start, periods_between
from tenure.workspace import Workspace


def test_the_default_config_has_a_metrics_section(tmp_path: Path) -> None:
    with Workspace.init(tmp_path / "ws", backend="duckdb://:memory:") as ws:
        assert ws.settings.metrics.preset == "default"
        assert ws.settings.metrics.conventions == {}


def _write(folder: Path, text: str) -> Path:
    folder.mkdir()
    (folder / "tenure.toml").write_text(text, encoding="utf-8")
    return folder


def test_overrides_are_validated(tmp_path: Path) -> None:
    good = _write(
        tmp_path / "good",
        '[metrics]\npreset = "stripe"\n[metrics.conventions]\nweekly_factor = "4"\n',
    )
    assert load_settings(good).metrics.conventions == {"weekly_factor": "4"}
    for name, text in {
        "preset": '[metrics]\npreset = "nope"\n',
        "key": "[metrics.conventions]\nnope = 1\n",
        "value": '[metrics.conventions]\nweekly_factor = "5"\n',
    }.items():
        with pytest.raises(ConfigError):
            load_settings(_write(tmp_path / name, text))


def test_request_errors_are_one_clear_line(ws: Workspace) -> None:
    with pytest.raises(MetricError, match="unknown grain"):
        ws.metric("mrr", grain="fortnight")
    with pytest.raises(MetricError, match="unknown metric"):
        ws.metric("nope")
    with pytest.raises(MetricError, match="only by team"):
        ws.metric("cac", by=["industry"])
    with pytest.raises(MetricError, match="month or coarser"):
        ws.metric("ltv", grain="week")
    with pytest.raises(MetricError, match="unknown preset"):
        ws.metric("mrr", preset="nope")
    with pytest.raises(MetricError, match="ISO date"):
        ws.metric("mrr", start="yesterday")


def test_periods_follow_the_calendar() -> None:
    assert period_start(date(2024, 2, 29), "week") == date(2024, 2, 26)
    assert period_start(date(2024, 8, 15), "quarter") == date(2024, 7, 1)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    months = periods_between("month", date(2024, 1, 15), date(2024, 3, 1))
    assert [(p.first, p.last) for p in months] == [
        (date(2024, 1, 1), date(2024, 1, 31)),
        (date(2024, 2, 1), date(2024, 2, 29)),
        (date(2024, 3, 1), date(2024, 3, 31)),
    ]
    assert parse_day("2024-05") == date(2024, 5, 1)
