"""Catalogue entries: survey metrics (NPS, CSAT, CES) and survey responses."""

from __future__ import annotations

from tenure.metrics.spec import Metric, Part

_SURVEYS = ("surveys",)
_PAYING = ("full_discount", "trials_in_mrr", "churn_recognition", "joined_and_churned")

METRICS = (
    Metric(
        "nps",
        "Net Promoter Score",
        "Net Promoter Score of the answers given in the period, from −100 to 100.",
        "(promoters − detractors) ÷ answers × 100, on the 0–10 scale: promoters answer 9–10,"
        " passives 7–8, detractors 0–6. `numerator` is promoters − detractors. Answers outside"
        " the scale and fractional answers are refused at import, never bucketed.",
        "number",
        "higher",
        "ratio",
        _SURVEYS,
        parts=(
            Part("promoters", "count", "answers of 9–10"),
            Part("passives", "count", "answers of 7–8"),
            Part("detractors", "count", "answers of 0–6"),
        ),
    ),
    Metric(
        "csat",
        "Customer satisfaction (CSAT)",
        "Share of satisfied answers among the CSAT answers given in the period.",
        "Answers at or above `csat_threshold` (top-two-box: 4–5 on the 1–5 scale set in"
        " `[surveys] csat`) ÷ answers. The mean score is reported beside it. Answers come"
        " from `surveys` (kind csat) or, with `csat_source = tickets`, from the ratings on"
        " tickets, dated at resolution.",
        "ratio",
        "higher",
        "ratio",
        ("surveys", "tickets"),
        ("csat_threshold", "csat_source"),
        parts=(Part("mean", "number", "mean score of the answers"),),
    ),
    Metric(
        "ces",
        "Customer effort score (CES)",
        "Mean customer effort score of the answers given in the period.",
        "Sum of scores ÷ answers, on the agreement scale set in `[surveys] ces` (default 1–7,"
        " 'it was easy to get help': higher is easier). The share of answers at or above"
        " `ces_agree_threshold` (5–7) is reported beside it.",
        "number",
        "higher",
        "ratio",
        _SURVEYS,
        ("ces_agree_threshold",),
        parts=(Part("easy_share", "ratio", "share of answers at or above the threshold"),),
    ),
    Metric(
        "survey_responses",
        "Survey responses",
        "Survey answers given in the period.",
        "Count of `surveys` rows answered in the period; split or filter by `survey` (nps,"
        " csat, ces, poll).",
        "count",
        "higher",
        "count",
        _SURVEYS,
        dimensions=("survey",),
    ),
    Metric(
        "survey_response_rate",
        "Survey response rate",
        "Share of paying customers who answered at least one survey in the period.",
        "Customers at the period's end with at least one answer in the period ÷ customers at"
        " the period's end. Answers per customer are reported beside it.",
        "ratio",
        "higher",
        "ratio",
        ("surveys", "subscriptions"),
        _PAYING,
        parts=(Part("per_customer", "number", "answers of customers ÷ customers"),),
    ),
)
