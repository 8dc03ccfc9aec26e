"""Scorecard and risk settings: the defaults are valid, and mistakes get clear messages
that name the setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from tenure.config import ConfigError, Settings, default_config_text, load_settings
from tenure.models.health.default_card import GROUPS
from tenure.models.health.settings import HealthSettings


def _load(tmp_path: Path, toml: str) -> Settings:
    (tmp_path / "tenure.toml").write_text(toml, encoding="utf-8")
    return load_settings(tmp_path)


def _error(tmp_path: Path, toml: str) -> str:
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, toml)
    return str(caught.value)


MEASURE = '[[health.cards.default.measures]]\nsignal = "nps_last"\ngroup = "sentiment"\n'


def test_the_default_card_is_dear_plus_support_and_sentiment() -> None:
    settings = HealthSettings()
    card = settings.cards["default"]
    assert list(card.groups) == [
        "deployment",
        "engagement",
        "adoption",
        "roi",
        "support",
        "sentiment",
    ]
    assert card.groups == GROUPS
    assert {m.group for m in card.measures} == set(GROUPS)
    assert (settings.tiers.red_below, settings.tiers.green_from, settings.trend_days) == (
        40,
        70,
        30,
    )


def test_the_commented_config_file_is_valid_and_uses_the_defaults(tmp_path: Path) -> None:
    settings = _load(tmp_path, default_config_text("x"))
    assert settings.health == HealthSettings()
    assert settings.risk.horizon_days == 90


def test_the_default_card_can_be_tuned_from_the_builtin_one(tmp_path: Path) -> None:
    toml = (
        '[health.cards.default]\nextends = "builtin"\ngroups = { roi = 0 }\n'
        + MEASURE
        + "thresholds = [[0, 0], [9, 100]]\n"
    )
    card = _load(tmp_path, toml).health.cards["default"]
    assert card.groups["roi"] == 0 and card.groups["engagement"] == 25
    nps = next(m for m in card.measures if m.signal == "nps_last")
    assert nps.thresholds == [(0, 0), (9, 100)]


def test_a_segment_card_from_toml(tmp_path: Path) -> None:
    toml = (
        '[health]\ncard_by = "plan"\n[health.cards.enterprise]\nextends = "default"\n'
        "groups = { deployment = 40 }\n"
        '[[health.cards.enterprise.measures]]\nsignal = "seats"\ngroup = "deployment"\n'
        "linear = [[1, 0], [50, 100]]\n"
    )
    settings = _load(tmp_path, toml).health
    assert settings.card_for("enterprise") == "enterprise"
    assert settings.card_for("starter") == "default"
    assert settings.card_for(None) == "default"
    assert settings.cards["enterprise"].groups["deployment"] == 40
    assert "seats" in [m.signal for m in settings.cards["enterprise"].measures]


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            MEASURE.replace("nps_last", "nps_lats") + "linear = [[0, 0], [10, 100]]\n",
            "unknown signal 'nps_lats'",
        ),
        (
            MEASURE + "linear = [[0, 0], [10, 100]]\nthresholds = [[0, 0]]\n",
            "exactly one of thresholds or linear",
        ),
        (MEASURE, "exactly one of thresholds or linear"),
        (MEASURE + "linear = [[5, 0], [1, 100]]\n", "must increase strictly"),
        (MEASURE + "linear = [[0, 0]]\n", "at least 2"),
        (MEASURE + "thresholds = [[0, 0], [5, 120]]\n", "must lie in 0–100"),
        (
            '[health.cards.default]\nextends = "builtin"\n'
            + MEASURE.replace('"sentiment"', '"vibes"')
            + "linear = [[0, 0], [10, 100]]\n",
            "group 'vibes'",
        ),
        (
            "[health.tiers]\nred_below = 80\ngreen_from = 60\n",
            "red_below (80.0) must not exceed green_from",
        ),
        ('[health.cards.a]\nextends = "b"\n[health.cards.b]\nextends = "a"\n', "loop"),
        ('[health.cards.a]\nextends = "zzz"\n', "unknown card 'zzz'"),
        (
            "[health.cards.a]\n"
            + MEASURE.replace(".default.", ".a.")
            + "linear = [[0, 0], [1, 9]]\n",
            "declares no groups",
        ),
        ("[health]\ncolour = 1\n", "health.colour"),
        ("[risk]\nhorizon_days = 3\n", "risk.horizon_days"),
        (
            "[risk]\nmedium_from = 0.5\nhigh_from = 0.2\n",
            "medium_from (0.5) must be below high_from",
        ),
        ('[risk]\nfeatures = ["nope"]\n', "unknown feature 'nope'"),
        ("[risk]\nmodels = []\n", "at least one"),
        ("[signals]\nslow_ticket_hours = 0\n", "signals.slow_ticket_hours"),
    ],
)
def test_mistakes_are_named(tmp_path: Path, toml: str, message: str) -> None:
    error = _error(tmp_path, toml)
    assert message in error, error
    assert error.startswith(str(tmp_path / "tenure.toml"))


def test_the_docs_list_every_signal_and_the_default_card() -> None:
    from tenure.models.signals.catalogue import SIGNALS

    page = (Path(__file__).resolve().parents[3] / "docs" / "health-and-risk.md").read_text()
    for signal in SIGNALS:
        assert f"| `{signal.name}` | {signal.description} |" in page, signal.name
    for measure in HealthSettings().cards["default"].measures:
        assert f"| `{measure.signal}` |" in page
