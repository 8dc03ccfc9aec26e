"""The Experience, Support and Adoption pages against independent pandas computations on
the workspace's raw tables (not the metric engine), for one month of the demo."""

from __future__ import annotations

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from pages_common import MONTH, RANGE, cells, close, feature_cells
from server_common import Demo, login

from tenure.workspace import Workspace

START = pd.Timestamp(MONTH)
NEXT = START + pd.offsets.MonthBegin(1)


@pytest.fixture(scope="module")
def raw(demo: Demo) -> dict[str, pd.DataFrame]:
    """The raw tables, read once."""
    with Workspace.open(demo.folder) as ws:
        names = ("surveys", "tickets", "subscriptions", "events", "features")
        return {name: ws.table(name).execute() for name in names}


def page(client: TestClient, demo: Demo, name: str) -> tuple[str, dict[str, object]]:
    """The page's HTML and its JSON twin, as the manager."""
    assert login(client, "manager") == 303
    html = client.get(f"/{name}{RANGE}").text
    twin = client.get(f"/api/pages/{name}{RANGE}").json()
    return html, twin


def in_month(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    return frame[(frame[column] >= START) & (frame[column] < NEXT)]


def nps_oracle(surveys: pd.DataFrame) -> float:
    """%promoters (9–10) − %detractors (0–6) of the month's NPS answers, × 100."""
    answers = in_month(surveys[surveys["survey"] == "nps"], "responded_at")["score"]
    return float(((answers >= 9).sum() - (answers <= 6).sum()) / len(answers) * 100)


def test_nps_of_a_month(client: TestClient, demo: Demo, raw: dict[str, pd.DataFrame]) -> None:
    expected = nps_oracle(raw["surveys"])
    html, twin = page(client, demo, "experience")
    shown = cells(html, "experience-scores")[(MONTH, "nps", "value")]
    assert close(shown, expected)
    assert any(row["key"] == "nps" and row["value"] == shown for row in twin["panels"])


def test_csat_of_a_month(client: TestClient, demo: Demo, raw: dict[str, pd.DataFrame]) -> None:
    surveys = raw["surveys"]
    answers = in_month(surveys[surveys["survey"] == "csat"], "responded_at")["score"]
    html, _ = page(client, demo, "experience")
    shown = cells(html, "experience-scores")[(MONTH, "csat", "value")]
    assert close(shown, float((answers >= 4).mean()))


def test_ticket_figures_of_a_month(
    client: TestClient, demo: Demo, raw: dict[str, pd.DataFrame]
) -> None:
    tickets = raw["tickets"]
    opened = in_month(tickets, "created_at")
    answered = opened.dropna(subset=["first_response_at"])
    hours = (answered["first_response_at"] - answered["created_at"]).dt.total_seconds() / 3600
    rated = in_month(tickets, "resolved_at").dropna(subset=["csat"])
    html, _ = page(client, demo, "support")
    shown = cells(html, "support-figures")
    assert shown[(MONTH, "ticket_volume", "value")] == len(opened)
    assert close(shown[(MONTH, "first_response_time", "value")], float(hours.median()))
    assert close(shown[(MONTH, "ticket_csat", "value")], float((rated["csat"] >= 4).mean()))
    mix = cells(html, "severity-mix")
    for severity, count in opened.groupby("severity").size().items():
        assert mix[(MONTH, f"ticket_volume:{severity}", "value")] == count


def paying_at(subscriptions: pd.DataFrame, day: pd.Timestamp) -> set[str]:
    """Accounts with a paid, non-trial subscription running at the end of `day`."""
    after = day + pd.Timedelta(days=1)
    live = subscriptions[
        (subscriptions["started_at"] < after)
        & (subscriptions["ended_at"].isna() | (subscriptions["ended_at"] >= after))
        & ~subscriptions["is_trial"].fillna(False).astype(bool)
        & (subscriptions["amount"].astype(float) > 0)
    ]
    return set(live["account_id"])


def test_adoption_of_a_feature(
    client: TestClient, demo: Demo, raw: dict[str, pd.DataFrame]
) -> None:
    """A feature on every plan: paying customers who used it in the 30 days to the month's
    end ÷ paying customers."""
    features = raw["features"]
    everywhere = features[features["plans"].isna() | (features["plans"] == "")]
    feature, event = everywhere.iloc[0][["feature", "event"]]
    end = NEXT - pd.Timedelta(days=1)
    paying = paying_at(raw["subscriptions"], end)
    events = raw["events"]
    recent = events[(events["occurred_at"] >= NEXT - pd.Timedelta(days=30))]
    used = set(recent[(recent["event"] == event) & (recent["occurred_at"] < NEXT)]["account_id"])
    html, twin = page(client, demo, "adoption")
    assert twin["latest"] == MONTH
    shown = feature_cells(html)[str(feature)]
    assert close(shown, len(used & paying) / len(paying))
