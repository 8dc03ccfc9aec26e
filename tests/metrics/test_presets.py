"""Each preset reproduces its vendor's documented behaviour on a case built for it."""

from __future__ import annotations

from datetime import date

import pytest
from metrics_common import D, Ledger, Sub

from tenure.metrics.conventions import MetricSettings
from tenure.metrics.presets import PRESETS, VENDOR_CONVENTIONS, resolve
from tenure.workspace import Workspace

APRIL = "2024-04-01"


def _april(ws: Workspace, key: str, preset: str) -> tuple[object, object, float]:
    row = ws.metric(key, "month", APRIL, APRIL, preset=preset).iloc[0]
    return row.numerator, row.denominator, row.value


@pytest.fixture
def joined_and_churned(ws: Workspace) -> Workspace:
    """10 customers on 1 April; one churns in April; one joins and churns in April (on a
    weekly plan, so that even when churn waits for the end of its paid week it is April)."""
    accounts = {f"C{i}": "x" for i in range(10)} | {"flash": "x"}
    subs = [
        Sub(f"C{i}", date(2024, 1, 1), date(2024, 4, 10) if i == 0 else None, D(100))
        for i in range(10)
    ]
    subs.append(Sub("flash", date(2024, 4, 5), date(2024, 4, 25), D(100), "week"))
    Ledger(accounts, subs).load(ws)
    return ws


def test_chartmogul_excludes_accounts_that_joined_and_churned(
    joined_and_churned: Workspace,
) -> None:
    assert _april(joined_and_churned, "logo_churn_rate", "chartmogul") == (1, 10, 0.1)
    assert _april(joined_and_churned, "logo_churn_rate", "default") == (1, 10, 0.1)
    assert joined_and_churned.metric("churned_customers", "month", APRIL, APRIL).value.iloc[0] == 2


def test_stripe_adds_new_subscribers_to_the_denominator(joined_and_churned: Workspace) -> None:
    # April has 30 days: Stripe's trailing 30 days ending on 30 April is the month itself.
    assert _april(joined_and_churned, "logo_churn_rate", "stripe") == (2, 11, 2 / 11)


def test_seed_and_baremetrics_count_every_churn(joined_and_churned: Workspace) -> None:
    assert _april(joined_and_churned, "logo_churn_rate", "seed") == (2, 10, 0.2)
    assert _april(joined_and_churned, "logo_churn_rate", "baremetrics") == (2, 10, 0.2)


def test_profitwell_ignores_a_first_spell_inside_one_calendar_month(
    joined_and_churned: Workspace,
) -> None:
    ws = joined_and_churned
    default = ws.metric("new_customers", "month", APRIL, APRIL).value.iloc[0]
    profitwell = ws.metric("new_customers", "month", APRIL, APRIL, preset="profitwell").value.iloc[
        0
    ]
    assert (default, profitwell) == (1, 0)
    churned = ws.metric("churned_customers", "month", APRIL, "2024-05-31", preset="profitwell")
    assert churned["value"].tolist() == [0, 1]  # C0 paid until 1 May: churns in May


def test_baremetrics_net_churn_leaves_reactivation_out(ws: Workspace) -> None:
    accounts = {n: "x" for n in ("churn", "shrink", "grow", "back", "stay")}
    subs = [
        Sub("churn", date(2024, 1, 1), date(2024, 4, 10), D(10)),
        Sub("shrink", date(2024, 1, 1), date(2024, 4, 12), D(20)),
        Sub("shrink", date(2024, 4, 12), None, D(10)),
        Sub("grow", date(2024, 1, 1), date(2024, 4, 15), D(20)),
        Sub("grow", date(2024, 4, 15), None, D(30)),
        Sub("stay", date(2024, 1, 1), None, D(50)),
        Sub("back", date(2023, 6, 1), date(2023, 9, 1), D(20)),
        Sub("back", date(2024, 4, 20), None, D(20)),
    ]
    Ledger(accounts, subs).load(ws)
    assert _april(ws, "net_mrr_churn_rate", "chartmogul")[2] == pytest.approx(-0.1)
    assert _april(ws, "net_mrr_churn_rate", "baremetrics")[2] == pytest.approx(0.1)
    assert _april(ws, "gross_mrr_churn_rate", "baremetrics")[2] == pytest.approx(0.2)


def test_chartmogul_keeps_100_percent_off_customers_as_free(ws: Workspace) -> None:
    accounts = {"a": "x", "b": "x"}
    subs = [
        Sub("a", date(2024, 1, 1), date(2024, 4, 10), D(100)),
        Sub("a", date(2024, 4, 10), None, D(0), discount=D(100)),
        Sub("b", date(2024, 1, 1), None, D(100)),
    ]
    Ledger(accounts, subs).load(ws)
    chartmogul = ws.metric("mrr_movements", "month", APRIL, APRIL, preset="chartmogul").iloc[0]
    default = ws.metric("mrr_movements", "month", APRIL, APRIL).iloc[0]
    assert (chartmogul.contraction, chartmogul.churned) == (100, 0)
    assert (default.contraction, default.churned) == (0, 100)
    assert ws.metric("customers", "month", APRIL, APRIL, preset="chartmogul").value.iloc[0] == 2
    assert ws.metric("customers", "month", APRIL, APRIL).value.iloc[0] == 1


def test_profitwell_recognises_churn_at_the_end_of_the_paid_period(ws: Workspace) -> None:
    accounts = {"a": "x", "b": "x"}
    subs = [
        Sub("a", date(2024, 1, 15), date(2024, 3, 20), D(100)),  # paid until 15 April
        Sub("b", date(2023, 12, 1), date(2024, 3, 1), D(50), "quarter"),  # ends on its anchor
    ]
    Ledger(accounts, subs).load(ws)
    default = ws.metric("churned_mrr", "month", "2024-03-01", APRIL)["value"].tolist()
    profitwell = ws.metric("churned_mrr", "month", "2024-03-01", APRIL, preset="profitwell")[
        "value"
    ].tolist()
    assert default == [D(100) + D("16.666666"), 0]
    assert profitwell == [D("16.666666"), 100]


def test_a_reactivation_window_turns_late_returns_into_new_business(ws: Workspace) -> None:
    accounts = {"a": "x"}
    subs = [
        Sub("a", date(2024, 1, 1), date(2024, 2, 1), D(10)),
        Sub("a", date(2024, 6, 1), None, D(10)),
    ]
    Ledger(accounts, subs).load(ws)
    window = {"reactivation_window_days": 90}
    june = "2024-06-01"
    late = ws.metric("mrr_movements", "month", june, june, conventions=window).iloc[0]
    any_time = ws.metric("mrr_movements", "month", june, june).iloc[0]
    assert (late.new, late.reactivation) == (10, 0)
    assert (any_time.new, any_time.reactivation) == (0, 10)


def test_every_preset_sets_every_vendor_convention() -> None:
    for preset in PRESETS.values():
        assert set(preset.conventions) == set(VENDOR_CONVENTIONS)
        assert preset.follows


def test_request_preset_replaces_vendor_conventions_but_keeps_company_facts() -> None:
    settings = MetricSettings(
        preset="stripe", conventions={"gross_margin": 0.8, "churn_window_days": 7}
    )
    workspace = resolve(settings)
    assert (workspace.churn_window_days, workspace.gross_margin) == (7, 0.8)
    chartmogul = resolve(settings, "chartmogul")
    assert (chartmogul.churn_window_days, chartmogul.gross_margin) == (None, 0.8)
    assert resolve(settings, "chartmogul", {"churn_window_days": 30}).churn_window_days == 30
