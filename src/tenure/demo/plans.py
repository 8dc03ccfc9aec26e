"""The demo company's price book: plans, billing terms, seat pricing and the add-on.

Prices are integer cents so every amount is exact; the Arrow layer turns cents into
decimal128(18, 4) values.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tenure.demo.arrays import IntArray

PLANS: tuple[str, ...] = ("starter", "growth", "business", "enterprise")
STARTER, GROWTH, BUSINESS, ENTERPRISE = range(4)

#: Monthly base price (cents), seats it includes, and the monthly price of each extra seat.
BASE_CENTS = np.array([4_900, 14_900, 49_900, 149_900], dtype=np.int64)
INCLUDED_SEATS = np.array([3, 5, 10, 25], dtype=np.int64)
SEAT_CENTS = np.array([1_500, 2_500, 4_000, 5_000], dtype=np.int64)


@dataclass(frozen=True)
class Term:
    """A billing term: its length in months and how it appears in `subscriptions`."""

    months: int
    interval: str
    interval_count: int
    price_factor: float  # price of the term ÷ monthly price


TERMS: tuple[Term, ...] = (
    Term(1, "month", 1, 1.0),
    Term(3, "quarter", 1, 2.85),
    Term(6, "month", 6, 5.4),
    Term(12, "year", 1, 10.0),
)
MONTHLY, QUARTERLY, SEMIANNUAL, ANNUAL = range(4)
TERM_MONTHS = np.array([term.months for term in TERMS], dtype=np.int64)
TERM_FACTORS = np.array([term.price_factor for term in TERMS], dtype=np.float64)

#: Probability of each term (columns) for an account starting on each plan (rows).
TERM_MIX = np.array(
    [
        [0.78, 0.05, 0.02, 0.15],
        [0.60, 0.10, 0.05, 0.25],
        [0.40, 0.15, 0.05, 0.40],
        [0.05, 0.10, 0.05, 0.80],
    ]
)

#: Share of accounts given a discount, per plan, and the discount percentages offered.
DISCOUNT_SHARE = np.array([0.05, 0.15, 0.30, 0.60])
DISCOUNT_PERCENTS = np.array([5, 10, 15, 20, 25], dtype=np.int64)

ADDON_PLAN = "api-pack"
ADDON_CENTS = 9_900
CURRENCY = "USD"


def list_price_cents(plan: IntArray, seats: IntArray, term: IntArray) -> IntArray:
    """List price of one billing term (before discount) for plan, seats and term indexes."""
    extra = np.maximum(seats - INCLUDED_SEATS[plan], 0)
    monthly = BASE_CENTS[plan] + extra * SEAT_CENTS[plan]
    return np.asarray(np.round(monthly * TERM_FACTORS[term]), dtype=np.int64)


def discounted_cents(list_cents: IntArray, percent: IntArray) -> IntArray:
    """Price after a percentage discount, rounded to the cent."""
    return np.round(list_cents * (100 - percent) / 100.0).astype(np.int64)
