"""The tables tell one consistent story: ledger, invoices, trials, ownership, activity."""

from __future__ import annotations

import numpy as np
import pandas as pd
from demo_common import ADDON, FAR, HORIZON

from tenure.demo.features import availability
from tenure.demo.plans import PLANS


def test_paid_rows_of_an_account_never_overlap_and_chain_on_change(paid: pd.DataFrame) -> None:
    ordered = paid.sort_values(["account_id", "started_at"])
    previous_end = ordered.groupby("account_id")["ended_at"].shift()
    has_previous = ordered.groupby("account_id").cumcount() > 0
    assert previous_end[has_previous].notna().all()  # only the last row may be open
    gap = ordered["started_at"] - previous_end
    assert (gap[has_previous] >= pd.Timedelta(0)).all()
    chained = (gap[has_previous] == pd.Timedelta(0)).mean()
    assert chained > 0.9  # most successive rows are plan/seat changes, a few reactivations


def test_trials_are_free_rows_matching_the_account_dates(
    frames: dict[str, pd.DataFrame], paid: pd.DataFrame
) -> None:
    subs, accounts = frames["subscriptions"], frames["accounts"].set_index("account_id")
    trials = subs[subs["is_trial"]].set_index("account_id")
    assert (trials["amount"] == 0).all()
    assert trials.index.is_unique
    assert (trials["started_at"] == accounts.loc[trials.index, "trial_started_at"]).all()
    assert (trials["ended_at"] == accounts.loc[trials.index, "trial_ended_at"]).all()
    assert (trials["ended_at"] - trials["started_at"] == pd.Timedelta(days=14)).all()
    first_paid = paid.groupby("account_id")["started_at"].min()
    converted = trials.index.intersection(first_paid.index)
    assert (first_paid[converted] == trials.loc[converted, "ended_at"]).all()
    lost = trials.index.difference(first_paid.index)
    assert len(lost) > 0
    assert not frames["invoices"]["account_id"].isin(lost).any()
    assert not frames["assignments"]["account_id"].isin(lost).any()


def test_terms_intervals_and_prices(paid: pd.DataFrame) -> None:
    assert set(paid["interval"]) == {"month", "quarter", "year"}
    monthly = (paid["interval"] == "month") & (paid["interval_count"] == 1)
    assert paid.loc[monthly, "term_ends_at"].isna().all()
    assert paid.loc[~monthly, "term_ends_at"].notna().all()
    ended = paid["ended_at"].notna() & ~monthly
    assert (paid.loc[ended, "term_ends_at"] == paid.loc[ended, "ended_at"]).all()
    active = paid["ended_at"].isna() & ~monthly
    assert (paid.loc[active, "term_ends_at"] >= HORIZON).all()
    assert (paid["discount"] > 0).mean() > 0.05
    starter = paid[(paid["plan"] == "starter") & monthly & (paid["quantity"] <= 3)]
    assert set((starter["amount"] + starter["discount"]).astype(float)) == {49.0}
    annual = paid[(paid["plan"] == "starter") & (paid["interval"] == "year")]
    assert 490.0 in set((annual["amount"] + annual["discount"]).astype(float))


def test_every_invoice_bills_a_row_active_when_issued(
    frames: dict[str, pd.DataFrame],
) -> None:
    subs = frames["subscriptions"]
    subs = subs[~subs["is_trial"]]
    invoices = frames["invoices"]
    merged = invoices.merge(subs, on="account_id", suffixes=("", "_sub"))
    ends = merged["ended_at"].fillna(FAR)
    billed = merged[
        (merged["issued_at"] == merged["started_at"])
        | ((merged["issued_at"] > merged["started_at"]) & (merged["issued_at"] < ends))
    ]
    billed = billed[billed["amount"] == billed["amount_sub"]]
    assert billed["invoice_id"].nunique() == len(invoices)
    statuses = invoices["status"].value_counts(normalize=True)
    assert statuses["paid"] > 0.9 and {"open", "void", "refunded"} <= set(statuses.index)
    unpaid = invoices["status"].isin(["open", "void"])
    assert invoices.loc[unpaid, "paid_at"].isna().all()
    assert invoices.loc[~unpaid, "paid_at"].notna().all()
    assert ((invoices["paid_at"] > invoices["due_at"]).mean()) > 0.02


def test_addons_run_alongside_a_paid_plan(
    frames: dict[str, pd.DataFrame], paid: pd.DataFrame
) -> None:
    subs = frames["subscriptions"]
    addons = subs[subs["plan"] == ADDON]
    assert len(addons) > 0
    merged = addons.merge(paid, on="account_id", suffixes=("", "_plan"))
    plan_end = merged["ended_at_plan"].fillna(FAR)
    covered = merged[
        (merged["started_at_plan"] <= merged["started_at"]) & (plan_end > merged["started_at"])
    ]
    assert covered["subscription_id"].nunique() == len(addons)


def test_current_owner_matches_open_assignment(frames: dict[str, pd.DataFrame]) -> None:
    assignments = frames["assignments"].sort_values(["account_id", "from"])
    current = assignments[assignments["to"].isna()].set_index("account_id")["csm_id"]
    assert current.index.is_unique
    accounts = frames["accounts"].set_index("account_id")
    owned = accounts["csm_id"].dropna()
    assert current.sort_index().equals(owned.sort_index().rename(current.name))
    following = assignments.groupby("account_id")["from"].shift(-1)
    closed = assignments["to"].notna()
    assert (assignments.loc[closed, "to"] == following[closed]).all()
    changed = assignments.groupby("account_id").size()
    assert (changed > 1).mean() > 0.05
    csms = frames["csms"]
    assert 10 <= len(csms) <= 20 and 2 <= csms["team"].nunique() <= 3


def test_account_plan_is_the_latest_row_plan(
    frames: dict[str, pd.DataFrame], paid: pd.DataFrame
) -> None:
    latest = paid.sort_values("started_at").groupby("account_id")["plan"].last()
    accounts = frames["accounts"].set_index("account_id")
    assert (accounts.loc[latest.index, "plan"] == latest).all()


def test_activity_happens_only_while_in_trial_or_paying(
    frames: dict[str, pd.DataFrame], paid: pd.DataFrame
) -> None:
    subs = frames["subscriptions"]
    main = subs[subs["plan"] != ADDON][["account_id", "started_at", "ended_at", "plan"]]
    sample = frames["accounts"]["account_id"].iloc[::20]
    for name, column in [
        ("events", "occurred_at"),
        ("tickets", "created_at"),
        ("touchpoints", "occurred_at"),
        ("surveys", "responded_at"),
    ]:
        rows = frames[name]
        rows = rows[rows["account_id"].isin(sample)][["account_id", column]].reset_index()
        merged = rows.merge(main, on="account_id")
        inside = (merged["started_at"] <= merged[column]) & (
            merged[column] < merged["ended_at"].fillna(FAR)
        )
        assert merged[inside]["index"].nunique() == len(rows), name


def test_feature_use_respects_the_plan_catalogue(
    frames: dict[str, pd.DataFrame], paid: pd.DataFrame
) -> None:
    events = frames["events"]
    used = events[events["event"].str.startswith("feature:")]
    used = used[used["account_id"].isin(frames["accounts"]["account_id"].iloc[::10])]
    subs = frames["subscriptions"]
    main = subs[subs["plan"] != ADDON]
    merged = used.merge(main, on="account_id")
    inside = (merged["started_at"] <= merged["occurred_at"]) & (
        merged["occurred_at"] < merged["ended_at"].fillna(FAR)
    )
    merged = merged[inside]
    catalogue = frames["features"].set_index("feature")["plans"]
    key = merged["event"].str.removeprefix("feature:")
    allowed = [
        listed == "" or plan in listed.split("|")
        for listed, plan in zip(catalogue[key].to_numpy(), merged["plan"], strict=True)
    ]
    assert np.all(allowed)
    assert availability().shape == (len(PLANS), len(catalogue))


def test_onboarding_is_recorded_consistently(frames: dict[str, pd.DataFrame]) -> None:
    accounts = frames["accounts"].set_index("account_id")
    events = frames["events"]
    final = events[events["event"] == "onboarding_step_5"].set_index("account_id")["occurred_at"]
    completed = accounts["onboarding_completed_at"].dropna()
    assert final.sort_index().equals(completed.sort_index().rename(final.name))
    sent = (events["event"] == "onboarding_email_sent").sum()
    opened = (events["event"] == "onboarding_email_opened").sum()
    assert 0.3 < opened / sent < 0.8
    share = accounts["onboarding_completed_at"].notna().mean()
    assert 0.2 < share < 0.8


def test_tickets_have_plausible_lifecycles(frames: dict[str, pd.DataFrame]) -> None:
    tickets = frames["tickets"]
    unresolved = tickets["resolved_at"].isna()
    assert unresolved.any() and set(tickets.loc[unresolved, "status"]) <= {"open", "pending"}
    assert set(tickets.loc[~unresolved, "status"]) <= {"solved", "closed"}
    assert (tickets.loc[~unresolved, "contacts"] >= 1).all()
    hours = (tickets["first_response_at"] - tickets["created_at"]).dt.total_seconds() / 3600
    urgent = hours[tickets["priority"] == "urgent"].median()
    low = hours[tickets["priority"] == "low"].median()
    assert urgent < low
    assert 0.02 < tickets["reopened"].mean() < 0.2


def test_survey_comments_have_themes_by_score_group(frames: dict[str, pd.DataFrame]) -> None:
    nps = frames["surveys"][frames["surveys"]["survey"] == "nps"]
    commented = nps[nps["comment"].notna()]
    assert 0.4 < len(commented) / len(nps) < 0.8
    detractors = commented[commented["score"] <= 6]["comment"].str.lower()
    promoters = commented[commented["score"] >= 9]["comment"].str.lower()
    for theme in ("slow support", "missing integrations", "too expensive", "hard to use reports"):
        assert detractors.str.contains(theme).mean() > 0.05, theme
        assert not promoters.str.contains(theme).any(), theme
    assert promoters.str.contains("great").mean() > 0.5


def test_touchpoints_are_held_by_the_owner_of_the_time(frames: dict[str, pd.DataFrame]) -> None:
    touchpoints = frames["touchpoints"].sort_values("occurred_at")
    assignments = frames["assignments"].sort_values("from")
    owner = pd.merge_asof(
        touchpoints,
        assignments.rename(columns={"csm_id": "owner"}),
        left_on="occurred_at",
        right_on="from",
        by="account_id",
    )
    assert (owner["csm_id"] == owner["owner"]).all()
    started = frames["csms"].set_index("csm_id")["started_at"]
    assert (assignments["from"] >= assignments["csm_id"].map(started)).all()
    per_account = touchpoints.groupby("account_id").size()
    plans = frames["accounts"].set_index("account_id")["plan"]
    by_plan = per_account.groupby(plans).mean()
    assert by_plan["enterprise"] > 3 * by_plan["starter"]
