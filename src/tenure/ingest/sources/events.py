"""Helpers shared by the product-analytics event exports (Segment, Mixpanel, PostHog)."""

from __future__ import annotations

from tenure.ingest.columns import normalise_name

PROPERTIES = "properties."
NAMING = "`properties.plan` → `plan`"
ACCOUNT_NOTE = (
    "An event without an account is not dropped: its `account_id` stays empty and the "
    'import refuses it with the reason "account_id required value is missing" (see '
    "`tenure quarantine events`); an event whose account is unknown is refused likewise."
)


def attribute_name(column: str) -> str:
    """`properties.Plan Tier` → `plan_tier`; `$`-prefixes and other columns are normalised."""
    short = column[len(PROPERTIES) :] if column.startswith(PROPERTIES) else column
    return normalise_name(short)
