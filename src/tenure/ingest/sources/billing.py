"""Steps shared by subscription exports: seat pricing, scheduled ends, renewals, trials.

Timestamps reaching these steps are already UTC ISO text; they are compared as times,
and a value that is not a time is left for the validator to refuse.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from tenure.ingest.sources.mapping import OutRow, Step
from tenure.ingest.sources.values import decimal_text, parse_time


def _times_quantity(row: OutRow) -> list[OutRow]:
    unit = row.get("_unit_amount")
    if row.get("amount") is None and unit is not None:
        try:
            row["amount"] = decimal_text(Decimal(unit) * Decimal(row.get("quantity") or "1"))
        except InvalidOperation:
            row["amount"] = unit
    return [row]


SEAT_PRICE = Step(
    _times_quantity,
    "`amount`, when the export gives no total, = unit price × `quantity` (1 when empty), "
    "computed exactly; tiered prices are not expanded.",
    adds=("amount",),
)


def _scheduled_end(row: OutRow) -> list[OutRow]:
    if row.get("ended_at") is None and row.get("_cancel_at_period_end") == "true":
        row["ended_at"] = row.get("_period_end")
    return [row]


SCHEDULED_END = Step(
    _scheduled_end,
    "A subscription set to cancel at the end of its period gets that period end as `ended_at`.",
)


def _yearly_term(row: OutRow) -> list[OutRow]:
    if row.get("interval") == "year" and row.get("ended_at") is None:
        row["term_ends_at"] = row.get("_period_end")
    return [row]


YEARLY_TERM = Step(
    _yearly_term,
    "`term_ends_at` (the renewal date) = the current period end of yearly subscriptions that "
    "have not ended; monthly ones are month-to-month and keep it empty.",
    adds=("term_ends_at",),
)


def trial_split(trial_status: str) -> Step:
    """Split a subscription with a trial into a free trial row and the paid row after it."""

    def run(row: OutRow) -> list[OutRow]:
        start, end = row.get("_trial_start"), row.get("_trial_end")
        if start is None or end is None or row.get("subscription_id") is None:
            return [row]
        trial = _trial_row(row, start, end)
        ended = row.get("ended_at")
        if row.get("status") == trial_status or (ended is not None and not _before(end, ended)):
            return [trial]
        return [trial, {**row, "started_at": end, "is_trial": "false"}]

    return Step(
        run,
        "A subscription with a trial becomes two rows, as plan changes do: `ID-trial` (trial "
        "start → trial end, `is_trial` true, `amount` 0) and `ID` from the trial end at its "
        f"price — only the trial row while the status is `{trial_status}` or when it ended "
        "during the trial.",
        adds=("is_trial",),
    )


def _trial_row(row: OutRow, start: str, end: str) -> OutRow:
    ended = row.get("ended_at")
    return {
        **row,
        "subscription_id": f"{row.get('subscription_id')}-trial",
        "started_at": start,
        "ended_at": end if ended is None or _before(end, ended) else ended,
        "amount": "0",
        "is_trial": "true",
        "term_ends_at": None,
    }


def _before(earlier: str, later: str) -> bool:
    try:
        return parse_time(earlier) < parse_time(later)
    except ValueError:
        return True
