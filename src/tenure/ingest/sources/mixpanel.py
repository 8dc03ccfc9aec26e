"""Mixpanel: the raw event export (Export API `/api/2.0/export`, JSON lines).

Each line is `{"event": NAME, "properties": {"time": …, "distinct_id": …, …}}`:
`tenure import --source mixpanel events export.jsonl`.

- Time: `properties.time`, Unix epoch seconds (milliseconds in newer projects; both are
  read). Projects created before 2023 may export project-local times: set the project's
  time zone to UTC, or expect a shift of a few hours.
- User: `properties.$user_id` (the identified user), else `properties.distinct_id`.
- Account: the group key property of Mixpanel Group Analytics — `properties.company_id`,
  else `properties.account_id`, else `properties.group_id`.
- Identity-management events (`$identify`, `$create_alias`, `$merge`) are not usage and
  are skipped.
"""

from __future__ import annotations

from tenure.ingest.sources.build import mapped_source
from tenure.ingest.sources.events import ACCOUNT_NOTE, NAMING, attribute_name
from tenure.ingest.sources.exports import Export
from tenure.ingest.sources.mapping import Drop, Field, Keep, Lookup, TableMap
from tenure.ingest.sources.values import EPOCH

IDENTITY = ("$identify", "$create_alias", "$merge")


def _usage(lookup: Lookup) -> bool:
    return lookup("event") not in IDENTITY


EVENTS = Export(
    title="Mixpanel raw event export (JSON lines)",
    format="json",
    prefix="mixpanel",
    attribute_name=attribute_name,
    naming=NAMING,
    main=TableMap(
        "events",
        (
            Field(
                "account_id",
                ("properties.company_id", "properties.account_id", "properties.group_id"),
                required=False,
            ),
            Field("occurred_at", ("properties.time",), EPOCH),
            Field("event", ("event",)),
            Field("user_id", ("properties.$user_id", "properties.distinct_id")),
        ),
        keep=(Keep(("event",), _usage, f"`{'`, `'.join(IDENTITY)}` are skipped. {ACCOUNT_NOTE}"),),
    ),
    drops=(
        Drop(
            ("properties.$*", "properties.mp_*"),
            "Mixpanel's automatic properties (browser, OS, city, library, insert id).",
        ),
    ),
)

SOURCE = mapped_source(
    "mixpanel",
    "Mixpanel raw event export (JSON lines) → events.",
    __doc__ or "",
    EVENTS,
)
