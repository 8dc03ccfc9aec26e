"""The scorecard math against cases computed by hand: bands, thresholds, unknown values,
weights, groups, tiers, trend directions and a different card per segment."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from tenure.models.health.breakdown import explain_card
from tenure.models.health.scoring import directions, score_measure, tiers
from tenure.models.health.service import score_signals
from tenure.models.health.settings import Card, HealthSettings, Measure

NAN = math.nan

CARD = {
    "groups": {"usage": 3, "support": 1},
    "measures": [
        {
            "signal": "events_per_seat_30d",
            "group": "usage",
            "weight": 2,
            "linear": [(0, 0), (4, 100)],
        },
        {
            "signal": "active_days_30d",
            "group": "usage",
            "thresholds": [(0, 0), (10, 50), (20, 100)],
        },
        {"signal": "tickets_open", "group": "support", "thresholds": [(0, 100), (1, 40)]},
        {"signal": "nps_last", "group": "support", "linear": [(0, 0), (10, 100)]},
    ],
}
PRO = {
    "extends": "default",
    "groups": {"support": 3},
    "measures": [{"signal": "tickets_open", "group": "support", "thresholds": [(0, 100), (1, 0)]}],
}


def _settings(**extra: object) -> HealthSettings:
    return HealthSettings.model_validate({"cards": {"default": CARD}, **extra})


def _rows() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "account_id": ["X", "Y", "Z"],
            "plan": ["basic", "basic", "basic"],
            "events_per_seat_30d": [1.0, 10.0, NAN],
            "active_days_30d": [15.0, 5.0, NAN],
            "tickets_open": [2.0, 0.0, 0.0],
            "nps_last": [8.0, NAN, 0.0],
        }
    )


def _measure(**rule: object) -> Measure:
    return Measure.model_validate({"signal": "nps_last", "group": "g", **rule})


def test_linear_bands_interpolate_and_stay_flat_outside() -> None:
    m = _measure(linear=[(2, 0), (4, 50), (8, 100)])
    values = pd.Series([0.0, 2.0, 3.0, 4.0, 6.0, 8.0, 99.0])
    assert score_measure(values, m).tolist() == [0, 0, 25, 50, 75, 100, 100]


def test_decreasing_bands() -> None:
    m = _measure(linear=[(24, 100), (120, 20)])
    assert score_measure(pd.Series([12.0, 72.0, 200.0]), m).tolist() == [100, 60, 20]


def test_thresholds_take_the_highest_one_reached() -> None:
    m = _measure(thresholds=[(0, 0), (7, 60), (9, 100)])
    values = pd.Series([-1.0, 0.0, 6.99, 7.0, 8.0, 9.0, 10.0])
    assert score_measure(values, m).tolist() == [0, 0, 0, 60, 60, 100, 100]


def test_unknown_values_are_left_out_or_scored_missing() -> None:
    values = pd.Series([NAN, 5.0])
    assert np.isnan(score_measure(values, _measure(linear=[(0, 0), (10, 100)]))[0])
    assert score_measure(values, _measure(linear=[(0, 0), (10, 100)], missing=20)).tolist() == [
        20,
        50,
    ]


def test_a_card_by_hand() -> None:
    scored = score_signals(_rows(), _settings())
    # X: usage (2·25 + 50)/3, support (40 + 80)/2 = 60, score (3·33.3 + 60)/4 = 40.
    assert scored["score_usage"].tolist()[:2] == pytest.approx([100 / 3, 200 / 3])
    assert scored["score_support"].tolist() == pytest.approx([60, 100, 50])
    # Y: nps unknown, left out of support; Z: no usage known, the group is left out.
    assert np.isnan(scored["score_usage"][2])
    assert scored["score"].tolist() == pytest.approx([40, 75, 50])
    assert scored["tier"].tolist() == ["yellow", "green", "yellow"]
    assert (scored["card"] == "default").all()


def test_a_missing_score_changes_the_weights_in_force() -> None:
    card = {**CARD, "measures": [{**CARD["measures"][0], "missing": 20}, *CARD["measures"][1:]]}
    scored = score_signals(_rows(), HealthSettings.model_validate({"cards": {"default": card}}))
    assert scored["score"][2] == pytest.approx((3 * 20 + 50) / 4)
    assert scored["tier"][2] == "red"


def test_a_card_per_segment_extends_the_default() -> None:
    settings = _settings(card_by="plan", cards={"default": CARD, "pro": PRO})
    rows = _rows().assign(plan=["pro", "basic", "other"])
    scored = score_signals(rows, settings)
    assert scored["card"].tolist() == ["pro", "default", "default"]
    # X on the pro card: usage 33.3 (weight 3), support (0 + 80)/2 = 40 (weight 3).
    assert scored["score"][0] == pytest.approx((3 * 100 / 3 + 3 * 40) / 6)
    assert scored["tier"][0] == "red"
    pro = settings.cards["pro"]
    assert pro.groups == {"usage": 3, "support": 3}
    assert [m.signal for m in pro.measures][-1] == "tickets_open"
    assert len(pro.measures) == 4


def test_tiers_at_their_cut_offs() -> None:
    settings = _settings(tiers={"red_below": 40, "green_from": 70})
    result = tiers(pd.Series([39.999, 40.0, 69.999, 70.0, NAN]), settings)
    assert result.tolist()[:4] == ["red", "yellow", "yellow", "green"]
    assert pd.isna(result[4])


def test_trend_directions() -> None:
    result = directions(pd.Series([5.0, 5.01, -5.0, -6.0, NAN]), 5.0)
    assert result.tolist()[:4] == ["flat", "up", "flat", "down"]
    assert pd.isna(result[4])


def test_breakdown_points_add_up_to_the_score() -> None:
    settings = _settings()
    rows = _rows()
    scored = score_signals(rows, settings)
    for index in rows.index:
        groups, measures = explain_card(rows.loc[index], settings.cards["default"])
        assert measures["points"].sum() == pytest.approx(scored["score"][index])
        assert groups["share"].sum() == pytest.approx(1.0)


def test_a_zero_weight_drops_a_measure() -> None:
    card = Card.model_validate(
        {**CARD, "measures": [*CARD["measures"][:3], {**CARD["measures"][3], "weight": 0}]}
    )
    scored = score_signals(_rows(), HealthSettings(cards={"default": card}))
    assert scored["score_support"].tolist() == pytest.approx([40, 100, 100])
