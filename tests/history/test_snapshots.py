"""Done means: health history for three consecutive simulated days is retrievable, and a
later import does not change what was reported then (it shows as a restatement)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from tenure.history.tables import METRIC_VALUES
from tenure.workspace import Workspace

DAYS = (date(2026, 10, 29), date(2026, 10, 30), date(2026, 10, 31))
LATE_MRR = Decimal("1000")


@pytest.fixture(scope="module")
def ws(history_folder: Path) -> Iterator[Workspace]:
    with Workspace.open(history_folder) as workspace:
        for day in DAYS:
            report = workspace.snapshot(day)
            assert report.metric_values > 100
            assert report.scores.get("health", 0) > 10, report.problems
        yield workspace


def health_target(ws: Workspace) -> str:
    """A healthy account whose score a bad week of support will move."""
    scores = ws.score_history("health", start=DAYS[1], end=DAYS[1])
    return str(scores.sort_values("score", ascending=False)["account_id"].iloc[0])


def late_import(ws: Workspace, folder: Path, account_id: str) -> None:
    """Data that arrives later: a customer signed in June, and a bad week for `account_id`."""
    folder.mkdir(exist_ok=True)
    (folder / "accounts.csv").write_text("account_id,name,created_at\nlate1,Latecomer,2026-06-01\n")
    (folder / "subscriptions.csv").write_text(
        "subscription_id,account_id,started_at,amount\nlate1-s,late1,2026-06-01,1000\n"
    )
    tickets = "ticket_id,account_id,created_at,priority,status\n" + "".join(
        f"late-t{i},{account_id},2026-10-{10 + i},urgent,open\n" for i in range(8)
    )
    (folder / "tickets.csv").write_text(tickets)
    (folder / "surveys.csv").write_text(
        "response_id,account_id,responded_at,survey,score,comment\n"
        f"late-r1,{account_id},2026-10-20,nps,0,Nothing works any more.\n"
        f"late-r2,{account_id},2026-10-21,csat,1,Still waiting.\n"
    )
    for table in ("accounts", "subscriptions", "tickets", "surveys"):
        assert ws.import_file(table, folder / f"{table}.csv").quarantined == 0


def test_three_days_of_health_history(ws: Workspace) -> None:
    history = ws.score_history("health")
    days = sorted(pd.to_datetime(history["snapshot_date"]).dt.date.unique())
    assert days == list(DAYS)
    per_day = history.groupby("snapshot_date")["account_id"].nunique()
    assert (per_day > 10).all()
    assert history["score"].notna().all()
    assert set(history["label"].dropna()) <= {"red", "yellow", "green"}
    one = history["account_id"].iloc[0]
    assert len(ws.score_history("health", one)) == 3


def test_a_later_import_does_not_change_what_was_reported(ws: Workspace, tmp_path: Path) -> None:
    target = health_target(ws)
    scores_before = ws.score_history("health")
    mrr_before = ws.snapshots("mrr")
    late_import(ws, tmp_path / "late", target)

    pd.testing.assert_frame_equal(ws.score_history("health"), scores_before)
    pd.testing.assert_frame_equal(ws.snapshots("mrr"), mrr_before)

    reported = scores_before[
        (scores_before["account_id"] == target)
        & (pd.to_datetime(scores_before["snapshot_date"]).dt.date == DAYS[1])
    ]["score"].iloc[0]
    now = ws.health(as_of=DAYS[1])  # type: ignore[attr-defined,unused-ignore]
    restated = now.loc[now["account_id"] == target, "score"].iloc[0]
    assert float(restated) < float(reported)

    restatements = ws.restatements("mrr")
    changed = restatements[restatements["restated_flag"]]
    months = {str(p)[:7] for p in changed["period"]}
    assert months == {"2026-06", "2026-07", "2026-08", "2026-09", "2026-10"}
    assert (changed["change"] == LATE_MRR).all()
    assert (changed["reported_on"] >= changed["period"]).all()


def test_the_same_day_again_replaces_that_day_only(ws: Workspace) -> None:
    values = ws.store.table(METRIC_VALUES)
    first_two = values.filter(values.snapshot_date < DAYS[2]).count().to_pyarrow().as_py()
    before = ws.snapshots("mrr", start=DAYS[0], end=DAYS[1])
    report = ws.snapshot(DAYS[2])
    stored = values.filter(values.snapshot_date == DAYS[2]).count().to_pyarrow().as_py()
    assert stored == report.metric_values  # replaced, not doubled
    assert values.filter(values.snapshot_date < DAYS[2]).count().to_pyarrow().as_py() == first_two
    pd.testing.assert_frame_equal(ws.snapshots("mrr", start=DAYS[0], end=DAYS[1]), before)
    latest = ws.restatements("mrr", snapshot=DAYS[2])
    assert not latest["restated_flag"].any()  # the re-run reports today's data
    assert len(ws.score_history("health", start=DAYS[2], end=DAYS[2])) == report.scores["health"]
