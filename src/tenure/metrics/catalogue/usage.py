"""Catalogue entries: product usage — active users, stickiness, events, engagement tiers,
adoption, skill levels and the usage trend."""

from __future__ import annotations

from tenure.metrics.spec import Metric, Part, Unit

_EVENTS = ("events",)
_ACTIVE = ("activity_events",)
_PAYING = ("full_discount", "trials_in_mrr", "churn_recognition", "joined_and_churned")
_WINDOW = "usage_window_days"


def _users(key: str, name: str, description: str, formula: str, unit: Unit = "count") -> Metric:
    return Metric(key, name, description, formula, unit, "higher", "count", _EVENTS, _ACTIVE)


METRICS = (
    _users(
        "active_users",
        "Active users",
        "Distinct users active in the period.",
        "Distinct (account, user) pairs with an activity event (the `activity_events`"
        " setting) in the period; events without a user make no user active.",
    ),
    Metric(
        "dau",
        "Daily active users (DAU)",
        "Average number of users active per day over the period.",
        "Sum over the period's days of the distinct users active that day ÷ days in the period.",
        "number",
        "higher",
        "sum",
        _EVENTS,
        _ACTIVE,
    ),
    _users(
        "wau",
        "Weekly active users (WAU)",
        "Users active in the 7 days ending on the period's last day.",
        "Distinct (account, user) pairs with an activity event in the 7 days ending on the"
        " period's last day (at any grain).",
    ),
    _users(
        "mau",
        "Monthly active users (MAU)",
        "Users active in the 30 days ending on the period's last day.",
        "Distinct (account, user) pairs with an activity event in the 30 days ending on the"
        " period's last day (at any grain).",
    ),
    Metric(
        "stickiness",
        "Stickiness (DAU ÷ MAU)",
        "How many days a month the monthly active users come back, as a share.",
        "Average daily active users over the 30 days ending on the period's last day ÷ the"
        " users active in those 30 days (MAU): user-days ÷ 30 ÷ MAU.",
        "ratio",
        "higher",
        "ratio",
        _EVENTS,
        _ACTIVE,
    ),
    Metric(
        "event_count",
        "Events",
        "Events recorded in the period — any event kind as a metric.",
        "Count of `events` rows in the period; `quantity` sums their quantities (API calls,"
        " minutes…). Split by `event` or filter with `where={'event': …}`.",
        "count",
        "neutral",
        "count",
        _EVENTS,
        parts=(Part("quantity", "number", "sum of the events' quantity"),),
        dimensions=("event",),
    ),
    Metric(
        "api_calls",
        "API calls",
        "API call volume in the period.",
        "Sum of `quantity` of the events named `api_call` in the period.",
        "number",
        "higher",
        "sum",
        _EVENTS,
    ),
    Metric(
        "integrations_installed",
        "Integrations installed",
        "Integrations installed in the period.",
        "Count of the events named `integration_installed` in the period.",
        "count",
        "higher",
        "count",
        _EVENTS,
    ),
    Metric(
        "usage_trend",
        "Usage trend",
        "Change of usage against the previous period — per account, a churn signal.",
        "(activity events in the period − in the previous period of the same grain) ÷"
        " activity events in the previous period, over the accounts with usage in either;"
        " `declining` counts the accounts whose usage fell (explain lists each account's"
        " current and previous usage).",
        "ratio",
        "higher",
        "ratio",
        _EVENTS,
        _ACTIVE,
        parts=(
            Part("current", "count", "activity events in the period"),
            Part("previous", "count", "activity events in the previous period"),
            Part("declining", "count", "accounts whose usage fell"),
        ),
    ),
    Metric(
        "engagement_tier",
        "Engagement tiers",
        "Share of paying customers whose engagement is good or excellent.",
        "Each customer at the period's end gets a tier from its usage in the `usage_window_days`"
        " ending then: excellent with at least `engagement_excellent_accesses` accesses and"
        " `engagement_excellent_features` distinct features used, good with at least the"
        " `engagement_good_…` thresholds, bad otherwise. Value: (good + excellent) ÷"
        " customers; the share of each tier is reported beside it.",
        "ratio",
        "higher",
        "ratio",
        ("events", "features", "subscriptions"),
        (
            *_PAYING,
            "access_events",
            _WINDOW,
            "engagement_good_accesses",
            "engagement_good_features",
            "engagement_excellent_accesses",
            "engagement_excellent_features",
        ),
        parts=(
            Part("bad", "ratio", "share of customers in the bad tier"),
            Part("good", "ratio", "share of customers in the good tier"),
            Part("excellent", "ratio", "share of customers in the excellent tier"),
        ),
    ),
    Metric(
        "adoption",
        "Feature adoption",
        "How much of the product paying customers use: breadth, depth, key features.",
        "Breadth (the value): per customer at the period's end, features used in the"
        " `usage_window_days` ending then ÷ features available on its plan (`features.plans`"
        " empty = all plans), averaged over customers with features available. Depth: active"
        " users in the window ÷ seats (`quantity` of its paid subscriptions active at the"
        " period's end), averaged over customers with seats. Key features: key features used"
        " ÷ key features available, averaged likewise.",
        "ratio",
        "higher",
        "ratio",
        ("events", "features", "subscriptions", "accounts"),
        (*_PAYING, *_ACTIVE, _WINDOW),
        parts=(
            Part("depth", "ratio", "mean of active users ÷ seats"),
            Part("key_features", "ratio", "mean share of available key features used"),
        ),
    ),
    Metric(
        "feature_adoption",
        "Adoption per feature",
        "Share of the customers that have a feature on their plan who used it.",
        "(customer, available feature) pairs at the period's end where the feature was used in"
        " the `usage_window_days` ending then ÷ all such pairs. Split by `feature` for each"
        " feature's adoption, or filter `is_key` for key features.",
        "ratio",
        "higher",
        "ratio",
        ("events", "features", "subscriptions", "accounts"),
        (*_PAYING, _WINDOW),
        dimensions=("feature", "is_key"),
    ),
    Metric(
        "user_skill_level",
        "User skill levels",
        "Share of active users who are proficient or expert.",
        "Each user active in the `usage_window_days` ending on the period's last day is an"
        " expert with at least `skill_expert_key_features` key features used on"
        " `skill_expert_active_days` active days and `skill_expert_results` result events,"
        " proficient with at least the `skill_proficient_…` thresholds, else a beginner."
        " Value: (proficient + expert) ÷ users; each level's share is reported beside it and"
        " explain gives the mix per account.",
        "ratio",
        "higher",
        "ratio",
        ("events", "features"),
        (
            *_ACTIVE,
            "result_events",
            _WINDOW,
            "skill_proficient_key_features",
            "skill_proficient_active_days",
            "skill_expert_key_features",
            "skill_expert_active_days",
            "skill_expert_results",
        ),
        parts=(
            Part("beginner", "ratio", "share of beginners"),
            Part("proficient", "ratio", "share of proficient users"),
            Part("expert", "ratio", "share of experts"),
        ),
    ),
)
