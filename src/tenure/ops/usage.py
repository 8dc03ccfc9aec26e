"""Per-account usage facts for the candidate lists: features used, tenure, seats."""

from __future__ import annotations

from datetime import date, timedelta

import ibis
import pandas as pd

from tenure.ops.asof import between, end_of, first_payment
from tenure.ops.tables import frame_of
from tenure.workspace import Workspace


def features_used(ws: Workspace, day: date, days: int) -> pd.DataFrame:
    """`account_id`, `features`: distinct catalogue features used in the `days` days to `day`.

    A feature is used by the event named in `features.event` (empty: the feature key).
    """
    catalogue = ws.table("features")
    named = catalogue.event.fill_null("")
    catalogue = catalogue.select(
        "feature", f_event=ibis.ifelse(named == "", catalogue.feature, named)
    )
    events = ws.table("events")
    events = events.filter(between(events.occurred_at, day - timedelta(days=days - 1), day))
    uses = events.join(catalogue, events.event == catalogue.f_event)
    counted = uses.group_by("account_id").aggregate(features=uses.feature.nunique())
    return frame_of(counted)


def tenure_days(ws: Workspace, day: date) -> pd.DataFrame:
    """`account_id`, `tenure_days`: days since the first paid subscription started."""
    paid = first_payment(ws)
    paid = paid.filter(paid.first_paid < end_of(day))
    frame = frame_of(paid)
    start = pd.to_datetime(frame["first_paid"]).dt.normalize()
    days = (pd.Timestamp(day) - start).dt.days
    return pd.DataFrame({"account_id": frame["account_id"].astype(str), "tenure_days": days})
