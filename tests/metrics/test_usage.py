"""Usage metrics equal independent pandas computations on a demo company, at every grain
and with a segment; any event kind is a metric through the `event` dimension."""

from __future__ import annotations

import experience_oracle as oracle
import pytest
from experience_common import CASES, company, compare

from tenure.metrics import activity

ORACLES = {
    "active_users": oracle.active_users,
    "dau": oracle.dau,
    "wau": oracle.trailing_users(7),
    "mau": oracle.trailing_users(30),
    "stickiness": oracle.stickiness,
    "event_count": oracle.event_count,
    "api_calls": oracle.named_events("api_call", quantity=True),
    "integrations_installed": oracle.named_events("integration_installed", quantity=False),
    "usage_trend": oracle.usage_trend,
    "engagement_tier": oracle.engagement,
    "adoption": oracle.adoption,
    "feature_adoption": oracle.feature_adoption,
    "user_skill_level": oracle.skills,
}


@pytest.fixture(scope="module")
def data() -> oracle.Data:
    return oracle.Data(company().frames)


@pytest.mark.parametrize(("grain", "segmented"), CASES)
@pytest.mark.parametrize("key", list(ORACLES))
def test_usage_metrics_match_the_oracle(
    key: str, grain: str, segmented: bool, data: oracle.Data
) -> None:
    compare(company(), data, key, grain, segmented, ORACLES[key])


def test_any_event_kind_is_a_metric(data: oracle.Data) -> None:
    ws, events = company().ws, data.events
    args = ("quarter", "2025-04-01", "2025-06-30")
    quarter = events[(events.day >= "2025-04-01") & (events.day <= "2025-06-30")]
    split = ws.metric("event_count", *args, by=["event"]).set_index("event")
    counts = quarter.event.value_counts()
    assert split.value[counts.index].tolist() == counts.tolist()
    api = ws.metric("event_count", *args, where={"event": "api_call"}).iloc[0]
    assert api.quantity == quarter[quarter.event == "api_call"].quantity.sum()
    assert api.quantity == ws.metric("api_calls", *args).value.iloc[0]


def test_feature_adoption_per_feature_and_key_features(data: oracle.Data) -> None:
    ws = company().ws
    args = ("month", "2025-06-01", "2025-06-30")
    per = ws.metric("feature_adoption", *args, by=["feature"])
    total = ws.metric("feature_adoption", *args).iloc[0]
    assert per.numerator.sum() == total.numerator and per.denominator.sum() == total.denominator
    key = ws.metric("feature_adoption", *args, where={"is_key": True}).iloc[0]
    keys = set(data.features[data.features.is_key].feature)
    assert key.denominator == per[per.feature.isin(keys)].denominator.sum()


def test_usage_settings_change_the_result() -> None:
    ws = company().ws
    args = ("month", "2025-06-01", "2025-06-30")
    logins = ws.metric("active_users", *args, conventions={"activity_events": ["login"]})
    everything = ws.metric("active_users", *args)
    assert 0 < logins.value.iloc[0] < everything.value.iloc[0]
    easy = {"engagement_good_accesses": 0, "engagement_good_features": 0}
    assert ws.metric("engagement_tier", *args, conventions=easy).bad.iloc[0] == 0.0


def test_usage_trend_explains_each_account() -> None:
    explained = company().ws.explain("usage_trend", "2025-06-01", "month")
    accounts = explained.accounts
    assert accounts.current.sum() == explained.result.current.iloc[0]
    assert accounts.declining.sum() == (accounts.current < accounts.previous).sum()


#: Skill thresholds other than the defaults: results required of experts, no key feature
#: required of proficient users, and both.
SKILL_SETTINGS = [
    ({"skill_expert_results": 1}, oracle.skill_levels(expert=(2, 6, 1))),
    ({"skill_proficient_key_features": 0}, oracle.skill_levels(proficient=(0, 3))),
    (
        {"skill_proficient_key_features": 0, "skill_expert_key_features": 0,
         "skill_expert_results": 2},
        oracle.skill_levels(proficient=(0, 3), expert=(0, 6, 2)),
    ),
]  # fmt: skip


@pytest.mark.parametrize(("settings", "levels"), SKILL_SETTINGS)
@pytest.mark.parametrize(("grain", "segmented"), [("week", False), ("month", True)])
def test_skill_levels_follow_their_settings(
    settings: dict[str, int], levels: oracle.Oracle, grain: str, segmented: bool,
    data: oracle.Data,
) -> None:  # fmt: skip
    compare(company(), data, "user_skill_level", grain, segmented, levels, conventions=settings)


def test_skill_levels_count_key_features_without_bits(
    data: oracle.Data, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With more key features than bits in one integer the key features are counted
    distinct instead, at a grain whose windows the bits would serve (other settings than
    the other tests, so that no kept rows of theirs are read)."""
    monkeypatch.setattr(activity, "MAX_KEY_BITS", 0)
    levels = oracle.skill_levels(expert=(3, 6, 0))
    settings = {"skill_expert_key_features": 3}
    compare(company(), data, "user_skill_level", "month", False, levels, conventions=settings)
