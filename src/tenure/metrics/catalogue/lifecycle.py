"""Catalogue entries: onboarding, activation and the CSM relationship."""

from __future__ import annotations

from tenure.metrics.spec import Metric, Part

_PAYING = ("full_discount", "trials_in_mrr", "churn_recognition", "joined_and_churned")

METRICS = (
    Metric(
        "onboarding_time",
        "Onboarding time",
        "Mean days from account creation to onboarding completed, for the onboardings"
        " completed in the period.",
        "Sum of (onboarding_completed_at − created_at) in days ÷ accounts that completed"
        " onboarding in the period; the share completed within `onboarding_target_days` is"
        " reported beside it.",
        "days",
        "lower",
        "ratio",
        ("accounts",),
        ("onboarding_target_days",),
        parts=(Part("within_target", "ratio", "share completed within the target"),),
    ),
    Metric(
        "onboarding_email_open_rate",
        "Onboarding e-mail open rate",
        "Onboarding e-mails opened per e-mail sent in the period.",
        "Events named `onboarding_email_opened` ÷ events named `onboarding_email_sent`, both"
        " in the period.",
        "ratio",
        "higher",
        "ratio",
        ("events",),
    ),
    Metric(
        "onboarding_sessions",
        "Onboarding sessions",
        "Sessions opened during the onboarding window, per account created in the period.",
        "`session_start` events in the `onboarding_target_days` after each account's"
        " `created_at` ÷ accounts created in the period; accounts whose window has not ended"
        " yet are left out.",
        "number",
        "higher",
        "ratio",
        ("accounts", "events"),
        ("onboarding_target_days",),
    ),
    Metric(
        "activation_rate",
        "Activation rate",
        "Share of established customers who reached activation.",
        "Among customers at the period's end who first paid at least"
        " `activation_min_tenure_months` months before it, those who, within"
        " `activation_window_days` of their creation (`created_at`, else first payment) and"
        " by the period's end, made at least `activation_min_accesses` accesses,"
        " `activation_min_actions` activity events, `activation_min_key_actions` uses of key"
        " features and `activation_min_results` result events ÷ those customers.",
        "ratio",
        "higher",
        "ratio",
        ("accounts", "subscriptions", "events", "features"),
        (
            *_PAYING,
            "activation_min_tenure_months",
            "activation_window_days",
            "activation_min_accesses",
            "activation_min_actions",
            "activation_min_key_actions",
            "activation_min_results",
            "access_events",
            "activity_events",
            "result_events",
        ),
    ),
    Metric(
        "relationship_score",
        "Relationship score",
        "How well paying customers are looked after by their CSM, from 0 to 100.",
        "Mean over customers at the period's end of 25 × (cadence + executive + contacts +"
        " recency), each part from 0 to 1 over the `relationship_window_days` ending then:"
        " CSM meetings, calls and e-mails ÷ `relationship_touch_target` (capped at 1); 1 if"
        " an executive review or QBR was held; distinct contacts ÷"
        " `relationship_contact_target` (capped at 1); 1 − days since the last touchpoint ÷"
        " the window (0 without one). The parts are shown as means from 0 to 100.",
        "number",
        "higher",
        "ratio",
        ("touchpoints", "subscriptions"),
        (
            *_PAYING,
            "relationship_window_days",
            "relationship_touch_target",
            "relationship_contact_target",
        ),
        parts=(
            Part("cadence", "number", "meetings, calls and e-mails against the target"),
            Part("executive", "number", "executive reviews or QBRs held"),
            Part("contacts", "number", "distinct contacts against the target"),
            Part("recency", "number", "recency of the last touchpoint"),
        ),
    ),
)
