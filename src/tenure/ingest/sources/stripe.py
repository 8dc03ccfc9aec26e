"""Stripe: the Dashboard's CSV exports of customers, subscriptions and invoices.

Export them from the Stripe Dashboard (Customers, Billing → Subscriptions, Billing →
Invoices: *Export*, all columns). Pick the export with the table:
`tenure import --source stripe accounts customers.csv`, `… subscriptions subscriptions.csv`,
`… invoices invoices.csv` (without a table, the export is recognised by its columns).

- Times: the `(UTC)` columns are UTC and are stored as such.
- Amounts: the Dashboard writes amounts in currency units (`49.00`, not cents); they are
  read as exact decimals. Currencies are upper-cased (`usd` → `USD`).
- Accounts: a subscription or invoice belongs to its Stripe customer (`cus_…`); the
  subscriptions and invoices exports also create those accounts (id only, so a customers
  import before or after fills in their names without being overwritten).
- Metadata columns (`region (metadata)`) become attributes named `metadata_region`.
- Coupons are not deducted: the export names the coupon, not its value, so `amount` is the
  list price and the coupon is kept as the `coupon` attribute.
"""

from __future__ import annotations

import re

from tenure.ingest.columns import normalise_name
from tenure.ingest.sources.billing import SCHEDULED_END, SEAT_PRICE, YEARLY_TERM, trial_split
from tenure.ingest.sources.build import mapped_source
from tenure.ingest.sources.exports import Export
from tenure.ingest.sources.mapping import Drop, Field, Keep, Lookup, OutRow, Step, TableMap
from tenure.ingest.sources.values import (
    BOOLEAN,
    CURRENCY,
    DECIMAL,
    INTEGER,
    INTERVAL,
    LOWER,
    TIMESTAMP,
    UPPER,
    choice,
)

NAMING = "`region (metadata)` → `metadata_region`"
_METADATA = re.compile(r"^(?P<key>.*)\s*\(metadata\)$", re.IGNORECASE)


def attribute_name(column: str) -> str:
    """`region (metadata)` → `metadata_region`; other columns are normalised as usual."""
    match = _METADATA.match(column)
    return f"metadata_{normalise_name(match['key'])}" if match else normalise_name(column)


def _customer_accounts(column: str) -> TableMap:
    """The accounts an export references: one per distinct customer id."""
    return TableMap("accounts", (Field("account_id", (column,)),), distinct=True)


_CUSTOMER_DETAILS = Drop(
    ("Customer *",),
    "customer details belong to `accounts` (import the customers export for them).",
)

CUSTOMERS = Export(
    title="Stripe customers export (CSV)",
    format="csv",
    prefix="stripe",
    attribute_name=attribute_name,
    naming=NAMING,
    main=TableMap(
        "accounts",
        (
            Field("account_id", ("id",)),
            Field("name", ("Name",)),
            Field("created_at", ("Created (UTC)",), TIMESTAMP),
            Field("country", ("Address Country",), UPPER),
            Field("plan", ("Plan",)),
            Field("balance", ("Balance",), DECIMAL),
        ),
    ),
    drops=(Drop(("Card *",), "payment card details are not customer-success data."),),
)


def _started(lookup: Lookup) -> bool:
    return (lookup("Status") or "").lower() not in ("incomplete", "incomplete_expired")


SUBSCRIPTIONS = Export(
    title="Stripe subscriptions export (CSV)",
    format="csv",
    prefix="stripe",
    attribute_name=attribute_name,
    naming=NAMING,
    main=TableMap(
        "subscriptions",
        (
            Field("subscription_id", ("id",)),
            Field("account_id", ("Customer ID",)),
            Field("started_at", ("Start Date (UTC)", "Start (UTC)", "Created (UTC)"), TIMESTAMP),
            Field("ended_at", ("Ended At (UTC)",), TIMESTAMP),
            Field("plan", ("Plan",)),
            Field("quantity", ("Quantity",), INTEGER),
            Field("_unit_amount", ("Amount",), DECIMAL, required=True),
            Field("currency", ("Currency",), CURRENCY),
            Field("interval", ("Interval",), INTERVAL),
            Field("interval_count", ("Interval Count",), INTEGER),
            Field("status", ("Status",), LOWER),
            Field("canceled_at", ("Canceled At (UTC)",), TIMESTAMP),
            Field("_period_end", ("Current Period End (UTC)",), TIMESTAMP),
            Field("_cancel_at_period_end", ("Cancel At Period End",), BOOLEAN),
            Field("_trial_start", ("Trial Start (UTC)",), TIMESTAMP),
            Field("_trial_end", ("Trial End (UTC)",), TIMESTAMP),
        ),
        keep=(
            Keep(
                ("Status",),
                _started,
                "`incomplete` and `incomplete_expired` subscriptions are skipped: their first "
                "payment never succeeded, so they never started.",
            ),
        ),
        steps=(SEAT_PRICE, SCHEDULED_END, YEARLY_TERM, trial_split("trialing")),
    ),
    derived=(_customer_accounts("Customer ID"),),
    drops=(
        _CUSTOMER_DETAILS,
        Drop(
            ("Current Period Start (UTC)",),
            "changes every billing period; the ledger needs only starts and ends.",
        ),
    ),
)

INVOICE_STATUS = choice({"paid": "paid", "open": "open", "void": "void", "uncollectible": "open"})


def _issued(lookup: Lookup) -> bool:
    return (lookup("Status") or "").lower() != "draft"


def _paid_on_issue(row: OutRow) -> list[OutRow]:
    if row.get("paid_at") is None and (row.get("_paid") == "true" or row.get("status") == "paid"):
        row["paid_at"] = row.get("issued_at")
    return [row]


INVOICES = Export(
    title="Stripe invoices export (CSV)",
    format="csv",
    prefix="stripe",
    attribute_name=attribute_name,
    naming=NAMING,
    main=TableMap(
        "invoices",
        (
            Field("invoice_id", ("id",)),
            Field("account_id", ("Customer",)),
            Field("issued_at", ("Date (UTC)", "Created (UTC)"), TIMESTAMP),
            Field("amount", ("Total", "Amount Due"), DECIMAL),
            Field("due_at", ("Due Date (UTC)",), TIMESTAMP),
            Field("paid_at", ("Paid At (UTC)",), TIMESTAMP),
            Field("status", ("Status",), INVOICE_STATUS),
            Field("currency", ("Currency",), CURRENCY),
            Field("amount_paid", ("Amount Paid",), DECIMAL),
            Field("amount_remaining", ("Amount Remaining",), DECIMAL),
            Field("subtotal", ("Subtotal",), DECIMAL),
            Field("tax", ("Tax",), DECIMAL),
            Field("_paid", ("Paid",), BOOLEAN),
        ),
        keep=(Keep(("Status",), _issued, "`draft` invoices are skipped: never issued."),),
        steps=(
            Step(
                _paid_on_issue,
                "The export has no payment time: a paid invoice (`Paid` true) without "
                "`Paid At (UTC)` gets its issue time as `paid_at` (card payments settle "
                "when the invoice is finalised).",
            ),
        ),
    ),
    derived=(_customer_accounts("Customer"),),
    drops=(_CUSTOMER_DETAILS,),
)

SOURCE = mapped_source(
    "stripe",
    "Stripe Dashboard CSV exports: customers → accounts, subscriptions, invoices.",
    __doc__ or "",
    CUSTOMERS,
    SUBSCRIPTIONS,
    INVOICES,
)
