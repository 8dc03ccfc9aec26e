"""Intercom: conversations as the REST API returns them (`GET /conversations`, JSON).

Intercom exports conversations through its API (or an S3 export of the same objects):
save the pages' `conversations` lists, or one conversation object per line, and run
`tenure import --source intercom tickets conversations.json`. Each conversation is a ticket.

- Times are Unix epoch seconds (UTC).
- Account: a conversation names contacts, not companies, so the account is read from the
  conversation's custom attribute `Account ID` (or `Company ID`; any spelling that
  normalises to `account_id`/`company_id`). Set it with a workflow or the API when the
  conversation starts. A conversation without one is refused with the reason
  "account_id required value is missing", never dropped.
- `resolved_at` is the last close time of conversations that are closed now; a reopened
  conversation is not resolved.
- `csat` is the conversation rating (1–5).
"""

from __future__ import annotations

from tenure.ingest.columns import normalise_name
from tenure.ingest.sources.build import mapped_source
from tenure.ingest.sources.exports import Export
from tenure.ingest.sources.mapping import Drop, Field, OutRow, Step, TableMap
from tenure.ingest.sources.values import EPOCH, INTEGER, NAMES, POSITIVE, choice

_CUSTOM = "custom_attributes."


def attribute_name(column: str) -> str:
    """`custom_attributes.Issue type` → `issue_type`; others are normalised as usual."""
    short = column[len(_CUSTOM) :] if column.startswith(_CUSTOM) else column
    return normalise_name(short)


STATE = choice({"open": "open", "snoozed": "pending", "closed": "closed"})
PRIORITY = choice({"priority": "high", "not_priority": "normal"})
CHANNEL = choice(
    {
        "conversation": "chat",
        "email": "email",
        "phone_call": "phone",
        "phone_switch": "phone",
        "twitter": "social",
        "facebook": "social",
        "instagram": "social",
        "whatsapp": "messaging",
        "sms": "messaging",
    }
)


def _resolved_when_closed(row: OutRow) -> list[OutRow]:
    row["resolved_at"] = row.get("_last_close") if row.get("status") == "closed" else None
    return [row]


CONVERSATIONS = Export(
    title="Intercom conversations (REST API JSON)",
    format="json",
    prefix="intercom",
    attribute_name=attribute_name,
    naming="`custom_attributes.Issue type` → `issue_type`",
    containers=("conversations", "data"),
    main=TableMap(
        "tickets",
        (
            Field("ticket_id", ("id",)),
            Field("account_id", ("custom_attributes.account_id", "custom_attributes.company_id")),
            Field("created_at", ("created_at",), EPOCH),
            Field("first_response_at", ("statistics.first_admin_reply_at",), EPOCH),
            Field("_last_close", ("statistics.last_close_at",), EPOCH),
            Field("status", ("state",), STATE),
            Field("priority", ("priority",), PRIORITY),
            Field("channel", ("source.type",), CHANNEL),
            Field("reopened", ("statistics.count_reopens",), POSITIVE),
            Field("csat", ("conversation_rating.rating",), INTEGER),
            Field("tags", ("tags.tags",), NAMES),
            Field("updated_at", ("updated_at",), EPOCH),
        ),
        steps=(
            Step(
                _resolved_when_closed,
                "`resolved_at` = `statistics.last_close_at` when the state is `closed`.",
                adds=("resolved_at",),
            ),
        ),
    ),
    drops=(
        Drop(
            ("source.*", "contacts*", "teammates*", "conversation_parts*", "first_contact_reply*"),
            "message bodies, authors and participants (personal data).",
        ),
        Drop(
            (
                "statistics.*",
                "conversation_rating.*",
                "sla_applied*",
                "linked_objects*",
                "ai_agent*",
            ),
            "other timings, rating details, SLA, links and AI-agent details.",
        ),
        Drop(
            ("type", "open", "read", "waiting_since", "snoozed_until", "tags.type"),
            "constant or momentary values (`type` is always `conversation`).",
        ),
    ),
)

SOURCE = mapped_source(
    "intercom",
    "Intercom conversations (REST API JSON) → tickets.",
    __doc__ or "",
    CONVERSATIONS,
)
