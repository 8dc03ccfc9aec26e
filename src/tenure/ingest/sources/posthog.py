"""PostHog: events as JSON lines (the events API, or a batch export to S3).

Each line is an event: `{"event": …, "distinct_id": …, "timestamp": …, "properties":
{…}}`; batch exports write `properties` as JSON text, which is read the same way.
`tenure import --source posthog events events.jsonl`.

- Time: `timestamp` (ISO 8601, UTC).
- User: `distinct_id`.
- Account: the event's group of group type 0 — `properties.$group_0` (or a top-level
  `$group_0` column), else `properties.$groups.company`. Make your company group type the
  first one you create in PostHog.
- Identity and flag bookkeeping events (`$identify`, `$groupidentify`, `$create_alias`,
  `$set`, `$merge_dangerously`, `$feature_flag_called`) are not usage and are skipped.
"""

from __future__ import annotations

import json

from tenure.ingest.sources.build import mapped_source
from tenure.ingest.sources.events import ACCOUNT_NOTE, NAMING, attribute_name
from tenure.ingest.sources.exports import Export
from tenure.ingest.sources.mapping import Drop, Field, Keep, Lookup, TableMap
from tenure.ingest.sources.records import JsonRecord
from tenure.ingest.sources.values import TIMESTAMP

BOOKKEEPING = (
    "$identify",
    "$groupidentify",
    "$create_alias",
    "$set",
    "$merge_dangerously",
    "$feature_flag_called",
)


def _usage(lookup: Lookup) -> bool:
    return lookup("event") not in BOOKKEEPING


def parse_properties(record: JsonRecord) -> JsonRecord:
    """Batch exports hold `properties` as JSON text: read it as the object it is."""
    properties = record.get("properties")
    if isinstance(properties, str) and properties.strip().startswith("{"):
        try:
            return {**record, "properties": json.loads(properties)}
        except json.JSONDecodeError:
            return record
    return record


EVENTS = Export(
    title="PostHog events (JSON lines)",
    format="json",
    prefix="posthog",
    attribute_name=attribute_name,
    naming=NAMING,
    containers=("results",),
    prepare=parse_properties,
    main=TableMap(
        "events",
        (
            Field(
                "account_id",
                ("properties.$group_0", "$group_0", "properties.$groups.company"),
                required=False,
            ),
            Field("occurred_at", ("timestamp",), TIMESTAMP),
            Field("event", ("event",)),
            Field("user_id", ("distinct_id", "properties.distinct_id")),
        ),
        keep=(
            Keep(("event",), _usage, f"`{'`, `'.join(BOOKKEEPING)}` are skipped. {ACCOUNT_NOTE}"),
        ),
    ),
    drops=(
        Drop(
            ("properties.$*", "$group_*", "properties.$groups.*"),
            "PostHog's automatic properties (browser, URL, library, GeoIP, other groups).",
        ),
        Drop(
            ("uuid", "team_id", "elements_chain", "person_id", "person_properties.*", "created_at"),
            "event ids, project, autocapture DOM chains, person details and ingestion times.",
        ),
        Drop(("_timestamp", "_inserted_at", "set", "set_once"), "export bookkeeping."),
    ),
)

SOURCE = mapped_source(
    "posthog",
    "PostHog events (JSON lines) → events.",
    __doc__ or "",
    EVENTS,
)
