"""Survey metrics: the seed's NPS vectors, answers refused at import, and NPS, CSAT, CES
and survey responses equal independent pandas computations on a demo company."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import experience_oracle as oracle
import pytest
from experience_common import CASES, company, compare
from metrics_common import load

from tenure.workspace import Workspace

ORACLES = {
    "nps": oracle.nps,
    "csat": oracle.csat,
    "ces": oracle.ces,
    "survey_responses": oracle.survey_responses,
    "survey_response_rate": oracle.survey_response_rate,
}


@pytest.fixture(scope="module")
def data() -> oracle.Data:
    return oracle.Data(company().frames)


@pytest.mark.parametrize(("grain", "segmented"), CASES)
@pytest.mark.parametrize("key", list(ORACLES))
def test_survey_metrics_match_the_oracle(
    key: str, grain: str, segmented: bool, data: oracle.Data
) -> None:
    compare(company(), data, key, grain, segmented, ORACLES[key])


def _answers(ws: Workspace, counts: dict[int, int], survey: str = "nps") -> None:
    rows, day = [], datetime(2024, 5, 10)
    for score, count in counts.items():
        rows += [{"score": score} for _ in range(count)]
    load(ws, "accounts", [{"account_id": "a"}])
    load(
        ws,
        "surveys",
        [
            {"response_id": f"r{i}", "account_id": "a", "responded_at": day, "survey": survey, **r}
            for i, r in enumerate(rows)
        ],
    )


@pytest.mark.parametrize(
    ("promoters", "passives", "detractors", "expected"),
    [(50, 130, 20, 15.0), (40, 45, 15, 25.0)],
)
def test_seed_nps_vectors(
    ws: Workspace, promoters: int, passives: int, detractors: int, expected: float
) -> None:
    _answers(ws, {10: promoters // 2, 9: promoters - promoters // 2, 8: passives, 3: detractors})
    row = ws.metric("nps", "month", "2024-05-01", "2024-05-31").iloc[0]
    assert row.value == pytest.approx(expected, abs=1e-12)
    assert (row.promoters, row.passives, row.detractors) == (promoters, passives, detractors)
    assert row.denominator == promoters + passives + detractors


def test_csat_threshold_and_ces_scale_settings(ws: Workspace) -> None:
    _answers(ws, {5: 2, 4: 1, 3: 1}, "csat")
    row = ws.metric("csat", "month", "2024-05-01", "2024-05-31").iloc[0]
    assert (row.value, row["mean"]) == (0.75, 4.25)
    strict = ws.metric("csat", "month", "2024-05", "2024-05", conventions={"csat_threshold": 5})
    assert strict.value.iloc[0] == 0.5
    _answers(ws, {7: 1, 5: 1, 2: 2}, "ces")
    row = ws.metric("ces", "month", "2024-05-01", "2024-05-31").iloc[0]
    assert (row.value, row.easy_share) == (4.0, 0.5)


def test_csat_can_come_from_ticket_ratings(ws: Workspace) -> None:
    load(ws, "accounts", [{"account_id": "a"}])
    load(ws, "surveys", [])
    opened = datetime(2024, 4, 28)
    load(
        ws,
        "tickets",
        [
            {"ticket_id": "t1", "account_id": "a", "created_at": opened, "csat": 5,
             "resolved_at": datetime(2024, 5, 2)},
            {"ticket_id": "t2", "account_id": "a", "created_at": opened, "csat": 2},
            {"ticket_id": "t3", "account_id": "a", "created_at": opened},
        ],
    )  # fmt: skip
    frame = ws.metric(
        "csat", "month", "2024-04-01", "2024-05-31", conventions={"csat_source": "tickets"}
    )
    assert frame.value.tolist() == [0.0, 1.0]
    assert frame.denominator.tolist() == [1, 1]


def test_answers_outside_the_scale_or_fractional_never_reach_nps(tmp_path: Path) -> None:
    csv = tmp_path / "surveys.csv"
    csv.write_text(
        "response_id,account_id,responded_at,survey,score\n"
        "r1,a,2024-05-01,nps,10\nr2,a,2024-05-02,nps,11\nr3,a,2024-05-03,nps,7.5\n"
        "r4,a,2024-05-04,nps,-1\nr5,a,2024-05-05,nps,0\nr6,a,2024-05-06,csat,6\n",
        encoding="utf-8",
    )
    with Workspace.init(tmp_path / "ws", backend="duckdb://:memory:") as ws:
        load(ws, "accounts", [{"account_id": "a"}])
        report = ws.import_file("surveys", csv)
        assert report.quarantined == 4
        row = ws.metric("nps", "month", "2024-05-01", "2024-05-31").iloc[0]
    assert (row.promoters, row.detractors, row.denominator, row.value) == (1, 1, 2, 0.0)


def test_survey_responses_split_and_filtered_by_survey(data: oracle.Data) -> None:
    ws, surveys = company().ws, data.surveys
    frame = ws.metric("survey_responses", "year", "2025-01-01", "2025-12-31", by=["survey"])
    in_2025 = surveys[surveys.responded_at.dt.year == 2025]
    assert frame.set_index("survey").value.to_dict() == in_2025.survey.value_counts().to_dict()
    nps = ws.metric("survey_responses", "year", "2025-01-01", "2025-12-31", where={"survey": "nps"})
    assert nps.value.iloc[0] == (in_2025.survey == "nps").sum()


def test_explain_lists_the_accounts_behind_nps() -> None:
    explained = company().ws.explain("nps", "2025-06-01", "quarter")
    assert explained.accounts.numerator.sum() == explained.result.numerator.iloc[0]
    assert {"promoters", "passives", "detractors"} <= set(explained.accounts.columns)


def test_every_experience_support_usage_and_lifecycle_metric_is_declared() -> None:
    from tenure.metrics.catalogue import CATALOGUE

    keys = (
        "nps csat ces survey_responses survey_response_rate ticket_volume"
        " tickets_per_100_customers first_response_time resolution_time"
        " first_ticket_resolution_time ticket_backlog reopen_rate fcr_rate tickets_by_severity"
        " questions_per_account relationship_score onboarding_time onboarding_email_open_rate"
        " onboarding_sessions activation_rate active_users dau wau mau stickiness"
        " engagement_tier adoption feature_adoption event_count api_calls"
        " integrations_installed user_skill_level usage_trend"
    )
    assert set(keys.split()) <= set(CATALOGUE)
