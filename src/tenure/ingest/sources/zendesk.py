"""Zendesk Support: the ticket CSV export, or tickets as JSON (full JSON export, API).

Admin Center → Account → Tools → Reports → Export: the *CSV export* of tickets has one
row per ticket with its metrics (`First reply time in minutes`, `Reopens`, `Replies`…);
the *JSON export* (or the tickets API) writes one ticket object per line, with a nested
`metric_set` when ticket metrics are included. The file's suffix picks the format:
`tenure import --source zendesk tickets export.csv` or `… tickets tickets.json`.

- Account: the CSV names the requester's organization (`Organization`, its name); the
  JSON carries `organization_id`. Tickets import into accounts with those ids, so import
  accounts keyed the same way first: a ticket of an unknown account, or of a requester
  without an organization, is refused with its reason, never dropped.
- Times: the CSV writes times in the Zendesk account's time zone without an offset and
  they are read as UTC — set the account's time zone to UTC before exporting, or use the
  JSON export, whose times are UTC.
- `first_response_at` = creation time + first reply time (calendar minutes), since the
  exports carry the reply delay rather than the reply time.
- Satisfaction: Zendesk rates good/bad; `good` is stored as CSAT 5 and `bad` as 1, so
  the share of satisfied answers is unchanged; `offered`/`unoffered` are no answer.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal, InvalidOperation

from tenure.ingest.sources.build import mapped_source
from tenure.ingest.sources.exports import Export
from tenure.ingest.sources.mapping import Drop, Field, OutRow, Step, TableMap
from tenure.ingest.sources.values import (
    INTEGER,
    NAMES,
    POSITIVE,
    TIMESTAMP,
    choice,
    iso_utc,
    parse_time,
)

STATUS = choice(
    {
        "new": "open",
        "open": "open",
        "pending": "pending",
        "hold": "pending",
        "on-hold": "pending",
        "solved": "solved",
        "closed": "closed",
    }
)
PRIORITY = choice({"low": "low", "normal": "normal", "high": "high", "urgent": "urgent"})
CHANNEL = choice(
    {
        "web form": "web",
        "web": "web",
        "web widget": "web",
        "email": "email",
        "mail": "email",
        "chat": "chat",
        "messaging": "chat",
        "native messaging": "chat",
        "voice": "phone",
        "phone call (incoming)": "phone",
        "phone call (outgoing)": "phone",
        "api": "api",
        "web service": "api",
    },
    "`Web form`/`web` → `web`, `Mail`/`email` → `email`, `Chat`/`messaging` → `chat`, "
    "`Voice`/phone calls → `phone`, `API`/`Web service` → `api`; others in lower case",
)
CSAT = choice(
    {"good": "5", "bad": "1", "offered": None, "unoffered": None, "not offered": None},
)


def _first_response(row: OutRow) -> list[OutRow]:
    created, minutes = row.get("created_at"), row.get("_first_reply_minutes")
    if row.get("first_response_at") is None and created is not None and minutes is not None:
        try:
            moment = parse_time(created) + timedelta(minutes=float(Decimal(minutes)))
            row["first_response_at"] = iso_utc(moment)
        except (ValueError, InvalidOperation):
            row["first_response_at"] = minutes
    return [row]


FIRST_RESPONSE = Step(
    _first_response,
    "`first_response_at` = `created_at` + the first reply time in calendar minutes.",
    adds=("first_response_at",),
)

CSV = Export(
    title="Zendesk tickets CSV export",
    format="csv",
    prefix="zendesk",
    main=TableMap(
        "tickets",
        (
            Field("ticket_id", ("Id",)),
            Field("account_id", ("Organization",)),
            Field("created_at", ("Created at",), TIMESTAMP),
            Field("resolved_at", ("Solved at",), TIMESTAMP),
            Field("_first_reply_minutes", ("First reply time in minutes",)),
            Field("status", ("Status",), STATUS),
            Field("priority", ("Priority",), PRIORITY),
            Field("channel", ("Via",), CHANNEL),
            Field("contacts", ("Replies",), INTEGER),
            Field("reopened", ("Reopens",), POSITIVE),
            Field("csat", ("Satisfaction Score",), CSAT),
            Field("ticket_type", ("Ticket type",)),
            Field("updated_at", ("Updated at",), TIMESTAMP),
        ),
        steps=(FIRST_RESPONSE,),
    ),
    drops=(
        Drop(
            ("Requester", "Requester email", "Requester external id", "Submitter"),
            "names and e-mail addresses of people (personal data).",
        ),
        Drop(("Summation column",), "a row counter some exports add."),
    ),
)

JSON = Export(
    title="Zendesk tickets JSON (full JSON export or tickets API)",
    format="json",
    prefix="zendesk",
    containers=("tickets",),
    main=TableMap(
        "tickets",
        (
            Field("ticket_id", ("id",)),
            Field("account_id", ("organization_id",)),
            Field("created_at", ("created_at",), TIMESTAMP),
            Field("resolved_at", ("metric_set.solved_at",), TIMESTAMP),
            Field("_first_reply_minutes", ("metric_set.reply_time_in_minutes.calendar",)),
            Field("status", ("status",), STATUS),
            Field("priority", ("priority",), PRIORITY),
            Field("channel", ("via.channel",), CHANNEL),
            Field("contacts", ("metric_set.replies",), INTEGER),
            Field("reopened", ("metric_set.reopens",), POSITIVE),
            Field("csat", ("satisfaction_rating.score",), CSAT),
            Field("ticket_type", ("type",)),
            Field("updated_at", ("updated_at",), TIMESTAMP),
            Field("tags", ("tags",), NAMES),
        ),
        steps=(FIRST_RESPONSE,),
    ),
    drops=(
        Drop(
            (
                "description",
                "raw_subject",
                "recipient",
                "via.source.*",
                "satisfaction_rating*",
            ),
            "message text and addresses (personal data) and rating details.",
        ),
        Drop(
            ("*_ids", "custom_fields", "fields", "url", "metric_set.*", "generated_timestamp"),
            "id lists, unnamed custom field values, API links and the other ticket metrics.",
        ),
    ),
)

SOURCE = mapped_source(
    "zendesk",
    "Zendesk Support ticket export (CSV, or JSON lines) → tickets.",
    __doc__ or "",
    CSV,
    JSON,
)
