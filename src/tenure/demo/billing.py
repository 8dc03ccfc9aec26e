"""The `invoices` table: one invoice per billing period of every paid subscription row.

Invoices are issued at the start of each term (every cycle for monthly rows and add-ons),
due 14 days later for monthly billing and 30 days for longer terms. Card-paid monthly
invoices are settled within hours; invoiced terms within the payment terms. Payment is
late in cycles the lifecycle marked late (more likely when health is low); payments that
would land after the end of history leave the invoice open. A few are void or refunded.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from tenure.demo.arrays import IntArray, rank_within
from tenure.demo.cohort import Cohort
from tenure.demo.lifecycle import Lifecycle
from tenure.demo.plans import ADDON_CENTS, CURRENCY, MONTHLY, discounted_cents, list_price_cents
from tenure.demo.tables import account_ids, build_table, compose_ids, money, pick, timestamps
from tenure.demo.timeutil import US_PER_DAY, US_PER_HOUR

STATUSES = ("paid", "open", "void", "refunded")
PAID, OPEN, VOID, REFUNDED = range(4)
VOID_SHARE = 0.01
REFUND_SHARE = 0.006


def invoices_table(
    cohort: Cohort, life: Lifecycle, horizon: int, rng: np.random.Generator
) -> pa.Table:
    """Every invoice of the cohort, ids numbered per account in issue order."""
    account, cycle, amount, monthly, kind = _billable(cohort, life)
    order = np.lexsort((kind, cycle, account))
    account, cycle, amount, monthly = account[order], cycle[order], amount[order], monthly[order]
    issued = life.bounds[account, cycle]
    due = issued + np.where(monthly, 14, 30) * US_PER_DAY
    paid = _payment(issued, due, monthly, life.late[account, cycle], rng)
    status = _status(paid, horizon, rng)
    settled = (status == PAID) | (status == REFUNDED)
    return build_table(
        "invoices",
        {
            "invoice_id": compose_ids("I", cohort.numbers[account], rank_within(account), 4),
            "account_id": pick(account_ids(cohort.numbers), account),
            "issued_at": timestamps(issued),
            "amount": money(amount),
            "due_at": timestamps(due),
            "paid_at": timestamps(paid, settled),
            "status": pick(STATUSES, status),
            "currency": pa.array([CURRENCY] * account.size, type=pa.string()),
        },
    )


def _billable(
    cohort: Cohort, life: Lifecycle
) -> tuple[IntArray, IntArray, IntArray, IntArray, IntArray]:
    """(account, cycle, amount, is-monthly, kind) of every invoice: term starts and add-ons."""
    main_account, main_cycle = np.nonzero(life.paying & (life.term_pos == 0))
    at = (main_account, main_cycle)
    listed = list_price_cents(life.plan[at], life.seats[at], life.term[at])
    main_amount = discounted_cents(listed, cohort.discount[main_account])
    addon_account, addon_cycle = np.nonzero(life.addon)
    return (
        np.r_[main_account, addon_account].astype(np.int64),
        np.r_[main_cycle, addon_cycle].astype(np.int64),
        np.r_[main_amount, np.full(addon_account.size, ADDON_CENTS)].astype(np.int64),
        np.r_[life.term[at] == MONTHLY, np.ones(addon_account.size, np.bool_)].astype(np.int64),
        np.r_[np.zeros(main_account.size), np.ones(addon_account.size)].astype(np.int64),
    )


def _payment(
    issued: IntArray,
    due: IntArray,
    monthly: IntArray,
    late_days: np.ndarray[tuple[int], np.dtype[np.float64]],
    rng: np.random.Generator,
) -> IntArray:
    """Payment instants: cards within hours, invoices within terms, late ones after due."""
    count = issued.size
    card = issued + (rng.random(count) * 6 * US_PER_HOUR).astype(np.int64)
    wire = issued + ((1 + rng.random(count) * 24) * US_PER_DAY).astype(np.int64)
    on_time = np.where(monthly == 1, card, wire)
    late = due + (late_days * US_PER_DAY).astype(np.int64)
    return np.where(late_days > 0, late, on_time).astype(np.int64)


def _status(paid: IntArray, horizon: int, rng: np.random.Generator) -> IntArray:
    """Invoice status: open if unpaid at the end of history, a few void or refunded."""
    draw = rng.random(paid.size)
    status = np.where(paid >= horizon, OPEN, PAID)
    status = np.where(draw < VOID_SHARE, VOID, status)
    refunded = (status == PAID) & (draw > 1 - REFUND_SHARE)
    return np.where(refunded, REFUNDED, status).astype(np.int64)
