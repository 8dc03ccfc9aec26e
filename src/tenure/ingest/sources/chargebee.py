"""Chargebee: `Subscriptions.csv` from the data export (Settings → Import & Export Data → Export).

The export names its columns after the API (`subscriptions.plan_unit_price`,
`customers.id`, `subscriptions.cf_…` for custom fields) and writes one row per
subscription. `tenure import --source chargebee subscriptions Subscriptions.csv`.

- Times: read as ISO 8601 (`2024-01-15 10:20:30`); a time without an offset is taken as
  UTC, so export with the site's time zone set to UTC, or expect shifts of a few hours.
- Amounts: the CSV writes prices in currency units (`49.00`), unlike the API's cents; they
  are read as exact decimals.
- Status: Chargebee's labels (`Active`, `In Trial`, `Non Renewing`, `Cancelled`, `Paused`)
  are kept as the `status` attribute in snake case (`non_renewing`).
- Accounts: a subscription belongs to its Chargebee customer (`customers.id`); the import
  also creates those accounts (id only — names come from your CRM or accounts file).
- Custom fields (`subscriptions.cf_region`) become attributes named `cf_region`.
"""

from __future__ import annotations

from tenure.ingest.columns import normalise_name
from tenure.ingest.sources.billing import SEAT_PRICE, YEARLY_TERM, trial_split
from tenure.ingest.sources.build import mapped_source
from tenure.ingest.sources.exports import Export
from tenure.ingest.sources.mapping import Drop, Field, Keep, Lookup, TableMap
from tenure.ingest.sources.values import CURRENCY, DECIMAL, INTEGER, INTERVAL, TIMESTAMP, Convert

_PREFIX = "subscriptions."
SNAKE = Convert(lambda raw: "_".join(raw.lower().split()), "lower case, spaces → `_`")


def attribute_name(column: str) -> str:
    """`subscriptions.cf_region` → `cf_region`; other columns are normalised as usual."""
    short = column[len(_PREFIX) :] if column.lower().startswith(_PREFIX) else column
    return normalise_name(short)


def _started(lookup: Lookup) -> bool:
    return (lookup("subscriptions.status") or "").lower() != "future"


_CUSTOMER = ("customers.id", "subscriptions.customer_id")

SUBSCRIPTIONS = Export(
    title="Chargebee subscriptions export (`Subscriptions.csv`)",
    format="csv",
    prefix="chargebee",
    attribute_name=attribute_name,
    naming="`subscriptions.cf_region` → `cf_region`",
    main=TableMap(
        "subscriptions",
        (
            Field("subscription_id", ("subscriptions.id",)),
            Field("account_id", _CUSTOMER),
            Field(
                "started_at",
                (
                    "subscriptions.started_at",
                    "subscriptions.start_date",
                    "subscriptions.created_at",
                ),
                TIMESTAMP,
            ),
            Field("ended_at", ("subscriptions.cancelled_at",), TIMESTAMP),
            Field("plan", ("subscriptions.plan_id",)),
            Field("quantity", ("subscriptions.plan_quantity",), INTEGER),
            Field("amount", ("subscriptions.plan_amount",), DECIMAL, required=False),
            Field("_unit_amount", ("subscriptions.plan_unit_price",), DECIMAL, required=True),
            Field("currency", ("subscriptions.currency_code",), CURRENCY),
            Field("interval", ("subscriptions.billing_period_unit",), INTERVAL),
            Field("interval_count", ("subscriptions.billing_period",), INTEGER),
            Field("status", ("subscriptions.status",), SNAKE),
            Field("_period_end", ("subscriptions.current_term_end",), TIMESTAMP),
            Field("_trial_start", ("subscriptions.trial_start",), TIMESTAMP),
            Field("_trial_end", ("subscriptions.trial_end",), TIMESTAMP),
        ),
        keep=(
            Keep(
                ("subscriptions.status",),
                _started,
                "`Future` subscriptions are skipped: they have not started yet.",
            ),
        ),
        steps=(SEAT_PRICE, YEARLY_TERM, trial_split("in_trial")),
    ),
    derived=(TableMap("accounts", (Field("account_id", _CUSTOMER),), distinct=True),),
    drops=(
        Drop(
            ("customers.*", "addresses.*"),
            "customer details and shipping addresses belong to `accounts` (personal data).",
        ),
        Drop(
            ("subscriptions.current_term_start", "subscriptions.remaining_billing_cycles"),
            "change every billing period; the ledger needs only starts and ends.",
        ),
    ),
)

SOURCE = mapped_source(
    "chargebee",
    "Chargebee data export: Subscriptions.csv → subscriptions (and their accounts).",
    __doc__ or "",
    SUBSCRIPTIONS,
)
