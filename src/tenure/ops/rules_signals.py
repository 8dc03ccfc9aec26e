"""Rules on behaviour: usage drop, ticket spike, silence (no touchpoint), detractor answer."""

from __future__ import annotations

from datetime import timedelta

import ibis
import pandas as pd

from tenure.metrics.activity import matching
from tenure.ops.asof import between, conventions, end_of, first_payment
from tenure.ops.rules import Firing, Scene, percent, plain, rule
from tenure.ops.settings import Detractor, NoTouchpoint, TicketSpike, UsageDrop
from tenure.ops.tables import frame_of, records


def _two_windows(scene: Scene, table: str, column: str, days: int, earlier: int) -> pd.DataFrame:
    """Per account: rows of the last `days` days (`current`) and of the `earlier` windows
    of `days` days before them (`previous`), for the day's customers."""
    rows = scene.ws.table(table)
    if table == "events":
        rows = rows.filter(matching(rows.event, conventions(scene.ws).activity_events))
    first = scene.day - timedelta(days=days * (earlier + 1) - 1)
    middle = scene.day - timedelta(days=days - 1)
    rows = rows.filter(between(rows[column], first, scene.day))
    rows = rows.filter(rows.account_id.isin(scene.accounts))
    recent = rows[column] >= ibis.literal(end_of(middle - timedelta(days=1)))
    counted = rows.group_by("account_id").aggregate(
        current=recent.cast("int64").sum(), previous=(~recent).cast("int64").sum()
    )
    return frame_of(counted)


@rule("usage_drop", state=True)
def usage_drop(scene: Scene, settings: UsageDrop) -> list[Firing]:
    """Customers whose activity events fell by `percent` % against the window before."""
    counts = _two_windows(scene, "events", "occurred_at", settings.window_days, 1)
    counts = counts[counts["previous"] >= settings.min_previous]
    counts = counts.assign(change=counts["current"] / counts["previous"] - 1)
    dropped = counts[counts["change"] <= -settings.percent / 100]
    return [
        Firing(
            "usage_drop",
            str(row["account_id"]),
            f"Usage fell {percent(-row['change'])} ({row['previous']:,} → {row['current']:,}"
            f" events, {settings.window_days}-day windows)",
            {
                "current": int(row["current"]),
                "previous": int(row["previous"]),
                "change": round(float(row["change"]), 4),
                "window_days": settings.window_days,
            },
        )
        for row in records(dropped)
    ]


@rule("ticket_spike", state=True)
def ticket_spike(scene: Scene, settings: TicketSpike) -> list[Firing]:
    """Customers whose tickets of the window reach `factor` × their usual and `min_tickets`."""
    windows = settings.baseline_windows
    counts = _two_windows(scene, "tickets", "created_at", settings.window_days, windows)
    counts = counts.assign(usual=counts["previous"] / windows)
    spiking = counts[
        (counts["current"] >= settings.min_tickets)
        & (counts["current"] >= settings.factor * counts["usual"])
    ]
    return [
        Firing(
            "ticket_spike",
            str(row["account_id"]),
            f"{row['current']} tickets in {settings.window_days} days (usually {row['usual']:.1f})",
            {
                "tickets": int(row["current"]),
                "usual": round(float(row["usual"]), 2),
                "window_days": settings.window_days,
            },
        )
        for row in records(spiking)
    ]


@rule("no_touchpoint")
def no_touchpoint(scene: Scene, settings: NoTouchpoint) -> list[Firing]:
    """Customers with no touchpoint for `days` days (counted from their start if never)."""
    touch = scene.ws.table("touchpoints")
    touch = touch.filter(touch.occurred_at < end_of(scene.day))
    last = touch.group_by(t_id="account_id").aggregate(last_touch=touch.occurred_at.max())
    accounts = scene.ws.table("accounts").filter(lambda t: t.account_id.isin(scene.accounts))
    paid = first_payment(scene.ws).rename(p_id="account_id")
    joined = accounts.left_join(last, accounts.account_id == last.t_id)
    joined = joined.left_join(paid, joined.account_id == paid.p_id)
    since = joined.select(
        "account_id", "last_touch", start=ibis.coalesce(joined.created_at, joined.first_paid)
    )
    firings = []
    for row in records(frame_of(since)):
        reference = row["last_touch"] if pd.notna(row["last_touch"]) else row["start"]
        if pd.isna(reference):
            continue
        quiet = (scene.day - pd.Timestamp(reference).date()).days
        if quiet < settings.days:
            continue
        last = None if pd.isna(row["last_touch"]) else pd.Timestamp(row["last_touch"]).date()
        evidence = {"last_touchpoint": plain(last), "days_since": quiet}
        reason = f"No touchpoint for {quiet} days" + ("" if last else " (never)")
        firings.append(
            Firing("no_touchpoint", str(row["account_id"]), reason, evidence, str(last or "never"))
        )
    return firings


@rule("detractor")
def detractor(scene: Scene, settings: Detractor) -> list[Firing]:
    """Customers who gave an NPS answer at or below `max_score` in the last days."""
    surveys = scene.ws.table("surveys")
    first = scene.day - timedelta(days=settings.lookback_days - 1)
    answers = surveys.filter(
        (surveys.survey == "nps")
        & (surveys.score <= settings.max_score)
        & between(surveys.responded_at, first, scene.day)
        & surveys.account_id.isin(scene.accounts)
    )
    ranked = answers.mutate(
        rank=ibis.row_number().over(group_by="account_id", order_by=answers.responded_at.desc())
    )
    latest = frame_of(ranked.filter(ranked["rank"] == 0))
    return [
        Firing(
            "detractor",
            str(row["account_id"]),
            f"NPS detractor answer: {row['score']}/10",
            {
                "score": int(row["score"]),
                "responded_at": plain(row["responded_at"]),
                "comment": plain(row["comment"]),
                "user_id": plain(row["user_id"]),
                "response_id": str(row["response_id"]),
            },
            str(row["response_id"]),
        )
        for row in records(latest)
    ]
