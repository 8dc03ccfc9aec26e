"""The demo product's feature catalogue (the `features` table) and adoption propensities.

Feature use is logged as events named `feature:<key>`; `plans` lists the plans that
include a feature (empty = every plan).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from tenure.demo.arrays import BoolArray
from tenure.demo.plans import PLANS
from tenure.demo.tables import build_table


@dataclass(frozen=True)
class Feature:
    """One catalogue entry: key, display name, key-feature flag, plans and usage profile."""

    key: str
    name: str
    is_key: bool
    plans: tuple[str, ...]
    popularity: float  # log-odds of adoption by an average account
    rate: float  # uses per active user per month once adopted


_PAID_UP = ("growth", "business", "enterprise")
_TOP = ("business", "enterprise")

FEATURES: tuple[Feature, ...] = (
    Feature("dashboards", "Dashboards", True, (), 1.5, 1.1),
    Feature("reports", "Reports", True, (), 0.8, 0.8),
    Feature("alerts", "Alerts", False, _PAID_UP, 0.2, 0.4),
    Feature("exports", "Exports", False, (), 0.0, 0.3),
    Feature("segments", "Segments", True, _PAID_UP, 0.0, 0.5),
    Feature("automations", "Automations", True, _TOP, -0.2, 0.6),
    Feature("forecasting", "Forecasting", False, _TOP, -0.8, 0.3),
    Feature("playbooks", "Playbooks", False, _PAID_UP, -0.5, 0.3),
    Feature("comments", "Comments", False, (), 0.3, 0.4),
    Feature("templates", "Templates", False, (), -0.3, 0.2),
    Feature("mobile_app", "Mobile app", False, (), -0.6, 0.5),
    Feature("audit_log", "Audit log", False, _TOP, -1.2, 0.1),
    Feature("sso", "Single sign-on", False, ("enterprise",), -0.5, 0.1),
)
REPORTS = 1


def availability() -> BoolArray:
    """(plans × features) matrix: whether each plan includes each feature."""
    return np.array(
        [[not feature.plans or plan in feature.plans for feature in FEATURES] for plan in PLANS],
        dtype=np.bool_,
    )


def features_table() -> pa.Table:
    """The `features` table of the demo company."""
    return build_table(
        "features",
        {
            "feature": [feature.key for feature in FEATURES],
            "name": [feature.name for feature in FEATURES],
            "event": [f"feature:{feature.key}" for feature in FEATURES],
            "is_key": [feature.is_key for feature in FEATURES],
            "plans": ["|".join(feature.plans) for feature in FEATURES],
        },
    )
