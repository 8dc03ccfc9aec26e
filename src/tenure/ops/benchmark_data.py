"""The reference values the seed texts cite, declared once, each with its source and quote.

Engine-free data: `tenure.ops.benchmarks` computes the company's own value beside each.
Money benchmarks are in the currency the source states (the seeds speak of US dollars,
and of Brazilian reais for the 100,000 MRR book).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Judge = Literal["at_most", "at_least", "range"]


@dataclass(frozen=True)
class Source:
    """Where a reference value comes from: the seed file, its title and the sentence."""

    seed: str
    title: str
    quote: str


@dataclass(frozen=True)
class Benchmark:
    """One reference value (or range) and how the company's value is judged against it."""

    key: str
    name: str
    low: float
    high: float
    unit: str
    judge: Judge
    sources: tuple[Source, ...]
    basis: str

    @property
    def label(self) -> str:
        """The reference as text: 5 %, 1,000,000–2,000,000, 5–7×."""
        if self.low == self.high:
            return _format(self.low, self.unit)
        return f"{_format(self.low, self.unit)}–{_format(self.high, self.unit)}"


def _format(value: float, unit: str) -> str:
    if unit == "ratio":
        return f"{value * 100:g} %"
    if unit == "multiple":
        return f"{value:g}×"
    return f"{value:,.0f}"


BASICS = Source(
    "000_62c255db4b1f51ca.txt",
    "Basic metrics that every Customer Success team should follow (Alana Team, 2020)",
    "Experts say that an ideal rate is around 5%.",
)
BASICS_CAC = Source(
    BASICS.seed,
    BASICS.title,
    "the cost of acquiring a new customer can be 5 times higher than the total spent on"
    " retaining a current one",
)
SETUP = Source(
    "004_25aee251984e6754.txt",
    "How Do I Set Up My Customer Success Metrics?",
    "An acceptable churn rate is around 0.5% per month and 6% per year.",
)
DR = "All About Customer Success: What It Is, Key Metrics, And More (Digital Results)"
DR_SEED = "002_d1800cab8862dc40.txt"
DR_BOOK = Source(
    DR_SEED,
    DR,
    "each CSM needs to meet between $1 and $2 million in Annual Recurring Revenue (ARR). For a"
    " simple adaptation to Brazil, we could think that each CSM must meet 100 thousand reais"
    " of Monthly Recurring Revenue (MRR).",
)
DR_COST = Source(
    DR_SEED,
    DR,
    "the cost of a CSM (including salary, charges and fixed cost) should be around 10% of the"
    " portfolio it serves",
)
DR_TEAM = Source(DR_SEED, DR, "In DR, we use 8 as a magic number")
DR_CAC = Source(
    DR_SEED,
    DR,
    "7x more expensive. This is the cost difference between acquiring a new customer and"
    " retaining an old customer",
)

ANNUAL_CHURN = "logo churn of the last 12 complete months, compounded: 1 − Π(1 − monthly rate)"
BENCHMARKS: tuple[Benchmark, ...] = (
    Benchmark("churn_ideal_annual", "Ideal churn per year", 0.05, 0.05, "ratio", "at_most",
              (BASICS,), ANNUAL_CHURN),
    Benchmark("churn_acceptable_monthly", "Acceptable churn per month", 0.005, 0.005, "ratio",
              "at_most", (SETUP,), "logo churn per month over the last 12 complete months"
              " (churned ÷ customers at the months' starts, pooled)"),
    Benchmark("churn_acceptable_annual", "Acceptable churn per year", 0.06, 0.06, "ratio",
              "at_most", (SETUP,), ANNUAL_CHURN),
    Benchmark("csm_book_arr", "ARR served per CSM", 1_000_000, 2_000_000, "currency", "range",
              (DR_BOOK,), "ARR on the day ÷ CSMs who own a paying account"),
    Benchmark("csm_book_mrr", "MRR served per CSM", 100_000, 100_000, "currency", "at_least",
              (DR_BOOK,), "MRR on the day ÷ CSMs who own a paying account"),
    Benchmark("cs_cost_ratio", "CSM cost ÷ book MRR", 0.10, 0.10, "ratio", "at_most", (DR_COST,),
              "monthly cost of every CSM (csms.monthly_cost) ÷ MRR on the day"),
    Benchmark("team_size", "CSMs per team", 8, 8, "count", "at_most", (DR_TEAM,),
              "the largest team in the csms table"),
    Benchmark("acquisition_vs_retention", "Acquiring ÷ retaining a customer", 5, 7, "multiple",
              "range", (BASICS_CAC, DR_CAC), "CAC of the last 12 complete months (acquisition"
              " spend ÷ new customers) ÷ retention spend per average customer over them"),
)  # fmt: skip
