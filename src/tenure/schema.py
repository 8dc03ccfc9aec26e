"""The canonical data model: every input table, its columns, keys and rules.

This module is the user-facing input contract. It is declared once, here, as plain
data and imports no database library, so the docs, the CLI, the validator and the
storage layer all read the same definition.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ColumnType = Literal["string", "timestamp", "date", "decimal", "integer", "float", "boolean"]

#: How far in the future a date may lie. "event" dates describe something that has
#: happened (a login, an invoice issued); "schedule" dates may be planned ahead
#: (a contract term end, a due date, a scheduled cancellation).
FutureRule = Literal["event", "schedule"]


@dataclass(frozen=True)
class Column:
    """One column of a canonical table."""

    name: str
    type: ColumnType
    description: str
    required: bool = False
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    references: str | None = None
    future: FutureRule = "event"
    default: str | None = None


@dataclass(frozen=True)
class OrderRule:
    """`later` must not be before `earlier` when both are present."""

    earlier: str
    later: str

    def describe(self) -> str:
        return f"`{self.later}` ≥ `{self.earlier}`"


@dataclass(frozen=True)
class Table:
    """A canonical table: its columns, its key, and the rules across columns."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    order_rules: tuple[OrderRule, ...] = ()
    extra_columns_allowed: bool = True
    notes: tuple[str, ...] = field(default=())

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns if column.required)

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"table {self.name!r} has no column {name!r}")

    def has_column(self, name: str) -> bool:
        return name in self.column_names


def _account_ref(description: str = "The account this row belongs to.") -> Column:
    return Column("account_id", "string", description, required=True, references="accounts")


def _money(name: str, description: str, required: bool = False) -> Column:
    return Column(name, "decimal", description, required=required, minimum=0)


ACCOUNTS = Table(
    name="accounts",
    description="One row per customer account (company). Extra columns become segment attributes.",
    key=("account_id",),
    columns=(
        Column("account_id", "string", "Unique id of the account.", required=True),
        Column("name", "string", "Display name."),
        Column("created_at", "timestamp", "When the account was created (signed up)."),
        Column("csm_id", "string", "Current customer-success manager."),
        Column("plan", "string", "Current plan name."),
        Column("industry", "string", "Industry segment."),
        Column("country", "string", "Country (ISO code or name)."),
        Column("size", "string", "Company size band, e.g. 1-10, 11-50."),
        Column("acquisition_channel", "string", "How the account was acquired."),
        Column("trial_started_at", "timestamp", "Start of the free trial, if any."),
        Column("trial_ended_at", "timestamp", "End of the free trial, if any.", future="schedule"),
        Column("onboarding_completed_at", "timestamp", "When onboarding was completed."),
    ),
    order_rules=(
        OrderRule("trial_started_at", "trial_ended_at"),
        OrderRule("created_at", "onboarding_completed_at"),
    ),
)

SUBSCRIPTIONS = Table(
    name="subscriptions",
    description=(
        "Recurring-revenue ledger. A plan change is two consecutive rows: one ends the day"
        " the next starts. An empty `ended_at` means still active."
    ),
    key=("subscription_id",),
    columns=(
        Column("subscription_id", "string", "Unique id of the subscription row.", required=True),
        _account_ref(),
        Column("started_at", "timestamp", "First day the subscription is active.", required=True),
        _money("amount", "Price per billing interval, after discounts.", required=True),
        Column(
            "ended_at",
            "timestamp",
            "First day it is no longer active; empty = active.",
            future="schedule",
        ),
        Column(
            "interval",
            "string",
            "Billing interval.",
            choices=("day", "week", "month", "quarter", "year"),
            default="month",
        ),
        Column(
            "interval_count", "integer", "Intervals per billing period.", minimum=1, default="1"
        ),
        Column("currency", "string", "ISO 4217 currency code of `amount`."),
        Column("plan", "string", "Plan name."),
        Column("quantity", "integer", "Licensed seats or units.", minimum=0),
        Column("is_trial", "boolean", "True for a free trial period.", default="false"),
        Column("term_ends_at", "timestamp", "Contract renewal date.", future="schedule"),
        _money("discount", "Discount already deducted from `amount` (for list-price views)."),
    ),
    order_rules=(OrderRule("started_at", "ended_at"), OrderRule("started_at", "term_ends_at")),
)

INVOICES = Table(
    name="invoices",
    description="Invoices; also serves as orders/purchases for repeat purchase and CLV.",
    key=("invoice_id",),
    columns=(
        Column("invoice_id", "string", "Unique id of the invoice.", required=True),
        _account_ref(),
        Column("issued_at", "timestamp", "When the invoice was issued.", required=True),
        _money("amount", "Invoice total.", required=True),
        Column("due_at", "timestamp", "Payment due date.", future="schedule"),
        Column("paid_at", "timestamp", "When it was paid; empty = unpaid."),
        Column(
            "status",
            "string",
            "Invoice status.",
            choices=("paid", "open", "void", "refunded"),
        ),
        Column("currency", "string", "ISO 4217 currency code."),
    ),
    order_rules=(OrderRule("issued_at", "due_at"),),
)

EVENTS = Table(
    name="events",
    description=(
        "Product usage: logins, sessions, feature use, API calls, integration installs,"
        " onboarding e-mails sent/opened. Rows are identified by all of their key columns."
    ),
    key=("account_id", "occurred_at", "event", "user_id"),
    columns=(
        _account_ref(),
        Column("occurred_at", "timestamp", "When it happened.", required=True),
        Column("event", "string", "Event name, e.g. login, feature:reports.", required=True),
        Column("user_id", "string", "The user who did it.", default=""),
        Column("quantity", "float", "How many (API calls, minutes…).", minimum=0, default="1"),
    ),
)

FEATURES = Table(
    name="features",
    description="Catalogue of features, for adoption. `plans` lists the plans that include it.",
    key=("feature",),
    columns=(
        Column("feature", "string", "Feature key.", required=True),
        Column("name", "string", "Display name."),
        Column(
            "event",
            "string",
            "The `events.event` value that records a use of it; empty = the feature key.",
        ),
        Column("is_key", "boolean", "A key feature that drives value.", default="false"),
        Column("plans", "string", "Plans that include it, separated by `|`; empty = all."),
    ),
)

TICKETS = Table(
    name="tickets",
    description="Support tickets.",
    key=("ticket_id",),
    columns=(
        Column("ticket_id", "string", "Unique id of the ticket.", required=True),
        _account_ref(),
        Column("created_at", "timestamp", "When the ticket was opened.", required=True),
        Column("first_response_at", "timestamp", "First agent response."),
        Column("resolved_at", "timestamp", "When it was (last) resolved."),
        Column("priority", "string", "Priority.", choices=("low", "normal", "high", "urgent")),
        Column("severity", "string", "Severity, free text or a code."),
        Column("channel", "string", "Channel: email, chat, phone, web…"),
        Column("status", "string", "Status.", choices=("open", "pending", "solved", "closed")),
        Column("contacts", "integer", "Agent interactions until resolution.", minimum=0),
        Column("reopened", "boolean", "Whether it was reopened after a resolution."),
        Column("csat", "integer", "Satisfaction rating given on the ticket (1–5).", minimum=1),
    ),
    order_rules=(
        OrderRule("created_at", "first_response_at"),
        OrderRule("created_at", "resolved_at"),
    ),
)

SURVEYS = Table(
    name="surveys",
    description="Survey answers: NPS (0–10), CSAT (1–5), CES (1–7) and polls.",
    key=("response_id",),
    columns=(
        Column("response_id", "string", "Unique id of the answer.", required=True),
        _account_ref(),
        Column("responded_at", "timestamp", "When it was answered.", required=True),
        Column(
            "survey",
            "string",
            "Kind of survey.",
            required=True,
            choices=("nps", "csat", "ces", "poll"),
        ),
        Column("score", "integer", "The score, inside the survey's scale.", required=True),
        Column("user_id", "string", "Who answered."),
        Column("comment", "string", "Free-text reason (the verbatim)."),
        Column("question", "string", "The question asked."),
    ),
    notes=("Scores outside the survey's scale are quarantined, never bucketed.",),
)

TOUCHPOINTS = Table(
    name="touchpoints",
    description="CSM interactions: meetings, calls, e-mails, executive reviews…",
    key=("account_id", "occurred_at", "kind", "contact"),
    columns=(
        _account_ref(),
        Column("occurred_at", "timestamp", "When it happened.", required=True),
        Column(
            "kind",
            "string",
            "Kind of touchpoint.",
            required=True,
            choices=("meeting", "call", "email", "executive_review", "qbr", "training", "other"),
        ),
        Column("csm_id", "string", "The CSM who held it."),
        Column("contact", "string", "The customer contact engaged.", default=""),
    ),
)

CSMS = Table(
    name="csms",
    description="Customer-success managers.",
    key=("csm_id",),
    columns=(
        Column("csm_id", "string", "Unique id of the CSM.", required=True),
        Column("name", "string", "Full name."),
        Column("team", "string", "Team name."),
        Column("email", "string", "E-mail address."),
        _money("monthly_cost", "Fully loaded monthly cost."),
        Column("started_at", "timestamp", "When the CSM started."),
    ),
)

ASSIGNMENTS = Table(
    name="assignments",
    description="Ownership history: which CSM owned which account when. Empty `to` = current.",
    key=("account_id", "from"),
    columns=(
        _account_ref(),
        Column("csm_id", "string", "The owning CSM.", required=True),
        Column("from", "timestamp", "Start of ownership.", required=True),
        Column(
            "to", "timestamp", "End of ownership (exclusive); empty = current.", future="schedule"
        ),
    ),
    order_rules=(OrderRule("from", "to"),),
)

COSTS = Table(
    name="costs",
    description="Spend per month and category, for CAC and retention cost.",
    key=("period", "category", "team"),
    columns=(
        Column(
            "period", "date", "The month (any day of it; stored as its first day).", required=True
        ),
        Column(
            "category",
            "string",
            "Cost category.",
            required=True,
            choices=("acquisition", "retention", "support", "other"),
        ),
        _money("amount", "Amount spent.", required=True),
        Column("team", "string", "Team, if the cost is attributed to one.", default=""),
    ),
)

TABLES: dict[str, Table] = {
    table.name: table
    for table in (
        ACCOUNTS,
        SUBSCRIPTIONS,
        INVOICES,
        EVENTS,
        FEATURES,
        TICKETS,
        SURVEYS,
        TOUCHPOINTS,
        CSMS,
        ASSIGNMENTS,
        COSTS,
    )
}

#: Tables in dependency order: importing in this order finds every referenced account.
IMPORT_ORDER: tuple[str, ...] = (
    "csms",
    "accounts",
    "features",
    "costs",
    "assignments",
    "subscriptions",
    "invoices",
    "events",
    "tickets",
    "surveys",
    "touchpoints",
)

#: Decimal precision used to store money: 18 digits, 4 after the point.
DECIMAL_PRECISION = 18
DECIMAL_SCALE = 4


def get_table(name: str) -> Table:
    """Return the canonical table called `name`, with a clear error for unknown names."""
    try:
        return TABLES[name]
    except KeyError:
        known = ", ".join(TABLES)
        raise KeyError(f"unknown table {name!r}; known tables: {known}") from None
