"""The built-in scorecard: DEAR groups (deployment, engagement, adoption, ROI) plus support
and sentiment. Bands follow the demo company's quantiles; adapt them in tenure.toml.

Declared as plain data so `Card` validates it like a user's card.
"""

from __future__ import annotations

from typing import Any

GROUPS: dict[str, float] = {
    "deployment": 20,
    "engagement": 25,
    "adoption": 20,
    "roi": 10,
    "support": 10,
    "sentiment": 15,
}

MEASURES: list[dict[str, Any]] = [
    # deployment: are the seats bought in use, was onboarding done?
    {
        "signal": "active_users_per_seat_30d",
        "group": "deployment",
        "linear": [(0.1, 0), (0.8, 100)],
    },
    {
        "signal": "onboarding_completed",
        "group": "deployment",
        "weight": 0.5,
        "thresholds": [(0, 30), (1, 100)],
    },
    # engagement: how much, how often, and which way usage is going
    {
        "signal": "events_per_seat_30d",
        "group": "engagement",
        "weight": 2,
        "linear": [(0.25, 0), (3.5, 100)],
    },
    {"signal": "active_days_30d", "group": "engagement", "linear": [(1, 0), (22, 100)]},
    {
        "signal": "usage_trend",
        "group": "engagement",
        "weight": 0.5,
        "missing": 50,
        "linear": [(-0.6, 0), (0, 70), (0.3, 100)],
    },
    # adoption: breadth of the plan's features and the key ones
    {"signal": "adoption_breadth", "group": "adoption", "linear": [(0.1, 0), (0.7, 100)]},
    {"signal": "key_feature_use", "group": "adoption", "linear": [(0, 0), (1, 100)]},
    # ROI: is the account growing and paying?
    {
        "signal": "mrr_change_90d",
        "group": "roi",
        "missing": 70,
        "linear": [(-0.3, 0), (0, 70), (0.2, 100)],
    },
    {"signal": "days_overdue", "group": "roi", "thresholds": [(0, 100), (1, 60), (30, 0)]},
    {
        "signal": "late_payments_365d",
        "group": "roi",
        "weight": 0.5,
        "thresholds": [(0, 100), (1, 60), (3, 20)],
    },
    # support: slow, open and long tickets
    {"signal": "tickets_slow_90d", "group": "support", "thresholds": [(0, 100), (1, 50), (3, 0)]},
    {
        "signal": "tickets_open",
        "group": "support",
        "weight": 0.5,
        "thresholds": [(0, 100), (1, 70), (3, 30)],
    },
    {"signal": "resolution_hours_90d", "group": "support", "linear": [(24, 100), (120, 20)]},
    # sentiment: what the customer says
    {"signal": "nps_last", "group": "sentiment", "thresholds": [(0, 0), (7, 60), (9, 100)]},
    {"signal": "csat_90d", "group": "sentiment", "weight": 0.5, "linear": [(1, 0), (5, 100)]},
]

#: The default card as validated settings data.
DEFAULT_CARD_DATA: dict[str, Any] = {"groups": GROUPS, "measures": MEASURES}
