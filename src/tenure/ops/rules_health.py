"""Rules on health: the tier turned red; a renewal is near while health is low."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pandas as pd

from tenure.ops.asof import end_of, start_of
from tenure.ops.rules import Firing, Scene, plain, rule
from tenure.ops.settings import HealthRed, RenewalLowHealth
from tenure.ops.tables import frame_of, records


def _health_evidence(row: dict[str, Any]) -> dict[str, object]:
    keys = ("score", "tier", "previous_score", "previous_tier", "trend")
    found = {key: plain(row[key]) for key in keys if key in row}
    return {
        k: round(v, 1) if isinstance(v, float) else v for k, v in found.items() if v is not None
    }


@rule("health_red", needs_health=True, state=True)
def health_red(scene: Scene, settings: HealthRed) -> list[Firing]:
    """Customers whose health tier is red."""
    health = scene.health
    if health is None:
        return []
    red = health[(health["tier"] == "red") & health["account_id"].isin(scene.accounts)]
    return [
        Firing(
            "health_red",
            str(row["account_id"]),
            f"Health is red (score {float(row['score']):.0f})",
            _health_evidence(row),
        )
        for row in records(red)
    ]


def _renewals(scene: Scene, days: int) -> pd.DataFrame:
    """`account_id`, `renewal_at`: the next term end within `days` of an active subscription."""
    subs = scene.ws.table("subscriptions")
    moment = end_of(scene.day)
    active = subs.filter(
        (subs.started_at < moment)
        & (subs.ended_at.isnull() | (subs.ended_at >= moment))
        & ~subs.is_trial.fill_null(False)
        & (subs.term_ends_at >= start_of(scene.day))
        & (subs.term_ends_at < end_of(scene.day + timedelta(days=days)))
    )
    nearest = active.group_by("account_id").aggregate(renewal_at=active.term_ends_at.min())
    return frame_of(nearest)


@rule("renewal_low_health", needs_health=True)
def renewal_low_health(scene: Scene, settings: RenewalLowHealth) -> list[Firing]:
    """Customers whose contract renews within `days` while their health tier is low."""
    if scene.health is None:
        return []
    renewals = _renewals(scene, settings.days)
    low = scene.health[scene.health["tier"].isin(settings.tiers)]
    joined = renewals.merge(low, on="account_id")
    joined = joined[joined["account_id"].isin(scene.accounts)]
    firings = []
    for row in records(joined):
        renewal = pd.Timestamp(row["renewal_at"]).date()
        left = (renewal - scene.day).days
        evidence = {"renewal_on": renewal.isoformat(), "days_to_renewal": left}
        evidence |= _health_evidence(row) | {"mrr": round(scene.mrr(row["account_id"]), 2)}
        reason = f"Renews in {left} days ({renewal}) with {row['tier']} health"
        due = min(renewal, scene.day + timedelta(days=settings.due_days))
        firings.append(
            Firing(
                "renewal_low_health", str(row["account_id"]), reason, evidence, str(renewal), due
            )
        )
    return firings
