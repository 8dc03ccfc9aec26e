"""Segment: raw messages as JSON lines (S3 / storage destinations, or a replay export).

One Segment message per line — `track`, `page`, `screen`, `identify`, `group`, `alias`:
`tenure import --source segment events messages.jsonl`. Usage events are the `track`
calls (the event name as is), `page` calls (`page:NAME`, or `page`) and `screen` calls
(`screen:NAME`). `identify`, `group` and `alias` calls describe users and are not events.

- Time: `timestamp` (Segment's corrected event time), else `receivedAt`; UTC.
- User: `userId`, else `anonymousId`.
- Account: the event's `context.groupId` (Segment's field for the group of a track call),
  else `properties.groupId`, else the `groupId` of the last `group` call for the same
  `userId` in the file (B2B setups call `group` once and track without a group).
"""

from __future__ import annotations

from tenure.ingest.sources.build import mapped_source
from tenure.ingest.sources.events import ACCOUNT_NOTE, NAMING, attribute_name
from tenure.ingest.sources.exports import Export
from tenure.ingest.sources.mapping import Drop, Field, Keep, Lookup, OutRow, Step, TableMap
from tenure.ingest.sources.records import Row, VendorFile
from tenure.ingest.sources.values import TIMESTAMP

USAGE = ("track", "page", "screen")


def _usage(lookup: Lookup) -> bool:
    return (lookup("type") or "track").lower() in USAGE


def _event_name(row: OutRow) -> list[OutRow]:
    kind, name = (row.get("_type") or "track").lower(), row.get("_name")
    if kind in ("page", "screen"):
        row["event"] = f"{kind}:{name}" if name else kind
    return [row]


def groups_from_group_calls(file: VendorFile) -> VendorFile:
    """Give events without a group the `groupId` of their user's last `group` call."""
    groups = {
        row["userId"]: row["groupId"]
        for row in file.rows
        if row.get("type") == "group" and row.get("userId") and row.get("groupId")
    }
    rows: list[Row] = [_with_group(row, groups) for row in file.rows]
    columns = file.columns if "groupId" in file.columns else (*file.columns, "groupId")
    return VendorFile(file.path, columns, rows)


def _with_group(row: Row, groups: dict[str | None, str | None]) -> Row:
    if row.get("groupId") or row.get("userId") not in groups:
        return row
    return {**row, "groupId": groups[row.get("userId")]}


MESSAGES = Export(
    title="Segment messages (JSON lines)",
    format="json",
    prefix="segment",
    attribute_name=attribute_name,
    naming=NAMING,
    enrich=groups_from_group_calls,
    main=TableMap(
        "events",
        (
            Field(
                "account_id",
                ("context.groupId", "properties.groupId", "groupId"),
                required=False,
            ),
            Field("occurred_at", ("timestamp", "receivedAt"), TIMESTAMP),
            Field("event", ("event",), required=False),
            Field("user_id", ("userId", "anonymousId")),
            Field("_type", ("type",)),
            Field("_name", ("name",)),
        ),
        keep=(
            Keep(
                ("type",),
                _usage,
                "Only `track`, `page` and `screen` calls are events; `identify`, `group` and "
                "`alias` calls are skipped (group calls still name accounts, see above). "
                + ACCOUNT_NOTE,
            ),
        ),
        steps=(
            Step(
                _event_name,
                "`page`/`screen` calls are named `page:NAME`/`screen:NAME`.",
                adds=("event",),
            ),
        ),
    ),
    drops=(
        Drop(
            ("context.*", "traits.*", "integrations.*", "_metadata.*"),
            "library, device, IP and user-trait details (personal data, not usage).",
        ),
        Drop(
            ("messageId", "sentAt", "originalTimestamp", "version", "channel"),
            "transport details of the message.",
        ),
        Drop(("projectId", "writeKey", "previousId"), "Segment workspace and alias details."),
    ),
)

SOURCE = mapped_source(
    "segment",
    "Segment messages (JSON lines) → events.",
    __doc__ or "",
    MESSAGES,
)
