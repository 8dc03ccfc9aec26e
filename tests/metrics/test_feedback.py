"""Verbatims and their themes (`Workspace.feedback`, `tenure feedback`), and the CLI on the
new metrics: `tenure metrics show nps --grain quarter --by plan`, explain, the KPI summary."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import experience_oracle as oracle
import pandas as pd
import pytest
from experience_common import company
from typer.testing import CliRunner

from tenure.cli.main import app
from tenure.metrics.errors import MetricError
from tenure.metrics.themes import STOP_WORDS, terms, themes
from tenure.workspace import Workspace

runner = CliRunner()


def test_themes_count_keywords_and_phrases_once_per_comment() -> None:
    comments = [
        "Support is too slow, tickets sit for days.",
        "Slow support: we waited days for an answer.",
        "We need faster support; slow support is our biggest pain.",
        "Great dashboards.",
    ]
    found = {t.theme: t for t in themes(comments)}
    assert found["slow support"].mentions == 2
    assert found["support"].mentions == 3 and found["slow"].mentions == 3
    assert found["days"].examples == (comments[0], comments[1])
    assert "great" not in found  # mentioned once
    assert not {"is", "the", "for", "we"} & set(found)
    assert abs(found["support"].share - 0.75) < 1e-12


def test_a_theme_inside_a_longer_one_with_as_many_mentions_is_dropped() -> None:
    comments = ["Reports could be easier to read.", "Good, but reports could be easier."]
    names = [t.theme for t in themes(comments)]
    assert "reports could be easier" in names
    assert "easier" not in names and "reports" not in names


def test_terms_skip_stop_word_edges_and_split_at_punctuation() -> None:
    grams = terms("The price is too high, for us.")
    assert ("price",) in grams and ("high",) in grams
    assert ("high", "for") not in grams and all(g[0] not in STOP_WORDS for g in grams)
    assert ("price", "is", "too", "high") in grams and ("high", "us") not in grams


def _nps_comments(data: oracle.Data) -> pd.DataFrame:
    s = data.surveys
    return s[(s.survey == "nps") & s.comment.notna() & (s.comment.str.strip() != "")]


def test_feedback_lists_detractor_comments_with_score_account_and_date() -> None:
    data = oracle.Data(company().frames)
    found = company().ws.feedback("nps", "detractors", "2025-01-01", "2025-12-31", by=["plan"])
    comments = _nps_comments(data)
    in_2025 = comments[(comments.day >= "2025-01-01") & (comments.day <= "2025-12-31")]
    wanted = in_2025[in_2025.score <= 6]
    assert sorted(found.comments.comment) == sorted(wanted.comment)
    assert set(found.comments.columns) >= {"responded_at", "account_id", "score", "comment", "plan"}
    assert (found.comments.group == "detractors").all() and (found.comments.score <= 6).all()
    assert found.comments.responded_at.is_monotonic_decreasing
    top = found.themes.sort_values("mentions", ascending=False).iloc[0]
    mentioned = wanted[wanted.comment.str.lower().str.contains(top.theme)]
    assert top.mentions <= len(mentioned) and top.examples[0] in set(wanted.comment)


def test_feedback_groups_for_csat_and_ces_follow_the_settings() -> None:
    found = company().ws.feedback(start="2024-01-01", end="2025-12-31")
    answers = found.comments
    csat = answers[answers.survey == "csat"]
    assert (csat[csat.score >= 4].group == "promoters").all()
    assert (csat[csat.score <= 2].group == "detractors").all()
    ces = answers[answers.survey == "ces"]
    assert (ces[ces.score == 4].group == "passives").all()
    assert answers[answers.survey == "poll"].group.isna().all()
    with pytest.raises(MetricError, match="unknown group"):
        company().ws.feedback(group="fans")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The demo company in a workspace folder on disk, for the CLI."""
    path = tmp_path_factory.mktemp("cli") / "ws"
    with Workspace.init(path) as ws:
        for name, frame in company().frames.items():
            ws.store.con.create_table(name, frame, overwrite=True)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def run(folder: Path, *args: str) -> str:
    result = runner.invoke(app, [*args, "--workspace", str(folder)])
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_shows_nps_by_quarter_and_plan(folder: Path) -> None:
    text = run(folder, "metrics", "show", "nps", "--grain", "quarter", "--by", "plan",
               "--from", "2025-01-01", "--to", "2025-12-31", "--format", "json")  # fmt: skip
    rows = json.loads(text)
    expected = company().ws.metric("nps", "quarter", "2025-01-01", "2025-12-31", by=["plan"])
    assert len(rows) == len(expected)
    assert {r["plan"] for r in rows} == set(expected.plan)
    table = run(folder, "metrics", "show", "nps", "--grain", "quarter", "--by", "plan")
    assert "promoters" in table and "detractors" in table


def test_cli_feedback_for_detractors(folder: Path) -> None:
    text = run(folder, "feedback", "--group", "detractors", "--survey", "nps", "--limit", "3")
    assert "Recurring themes" in text and "detractors" in text and "promoters" not in text
    rows = json.loads(run(folder, "feedback", "--group", "detractors", "--format", "json"))
    assert rows and all(r["group"] == "detractors" for r in rows)
    failed = runner.invoke(app, ["feedback", "--group", "fans", "--workspace", str(folder)])
    assert failed.exit_code != 0 and "unknown group" in str(failed.exception)


def test_cli_explain_and_summary_include_the_new_metrics(folder: Path) -> None:
    explained = run(folder, "metrics", "explain", "first_response_time", "--period", "2025-06-01")
    assert "p90" in explained and "SELECT" in explained
    summary = run(folder, "metrics", "summary", "--period", "2025-11-01")
    for label in ("NPS", "CSAT", "CES", "First-contact resolution", "Median first response",
                  "Activation rate", "Adoption"):  # fmt: skip
        assert label in summary
