"""Generate the demo company batch by batch as canonical Arrow tables.

Accounts are numbered in signup order and processed in fixed batches of
`BATCH_ACCOUNTS`; each batch draws from its own seeded streams, so memory stays bounded
and the output depends on nothing but the spec. Company-wide tables (features, csms,
costs) come with the first batch; every batch carries all eleven tables (empty where
it has nothing), in the order of `tenure.schema.TABLES`.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyarrow as pa

from tenure.demo.accounts import accounts_table
from tenure.demo.billing import invoices_table
from tenure.demo.cohort import make_cohort
from tenure.demo.company import Company, build_company
from tenure.demo.costs import costs_table
from tenure.demo.features import features_table
from tenure.demo.lifecycle import simulate
from tenure.demo.rng import Topic, stream
from tenure.demo.spec import DemoSpec
from tenure.demo.subscriptions import subscriptions_table
from tenure.demo.support import draw_tickets, tickets_table
from tenure.demo.surveys import surveys_table
from tenure.demo.tables import account_ids, empty_table
from tenure.demo.team import assignments_table, csms_table
from tenure.demo.touchpoints import touchpoints_table
from tenure.demo.usage import events_table
from tenure.schema import TABLES

BATCH_ACCOUNTS = 2_500
COMPANY_TABLES = ("features", "csms", "costs")


def generate(spec: DemoSpec) -> Iterator[dict[str, pa.Table]]:
    """Yield the company as batches of tables (all canonical tables in every batch)."""
    company = build_company(spec)
    batches = max(1, -(-spec.accounts // BATCH_ACCOUNTS))
    for batch in range(batches):
        tables = account_tables(company, batch)
        shared = company_tables(company) if batch == 0 else {}
        for name in COMPANY_TABLES:
            tables[name] = shared.get(name, empty_table(name))
        yield {name: tables[name] for name in TABLES}


def company_tables(company: Company) -> dict[str, pa.Table]:
    """The company-wide tables: feature catalogue, CSM roster and monthly costs."""
    return {
        "features": features_table(),
        "csms": csms_table(company.roster),
        "costs": costs_table(company),
    }


def account_tables(company: Company, batch: int) -> dict[str, pa.Table]:
    """The account-level tables of the accounts in batch number `batch`."""
    spec = company.spec
    first = batch * BATCH_ACCOUNTS
    last = min(spec.accounts, first + BATCH_ACCOUNTS)
    numbers = np.arange(first, last, dtype=np.int64) + 1
    created = company.signups[first:last]
    horizon = spec.horizon_us

    def rng(topic: Topic) -> np.random.Generator:
        """This batch's stream for `topic`."""
        return stream(spec.seed, topic, batch)

    cohort = make_cohort(spec, numbers, created, rng(Topic.ACCOUNTS))
    life = simulate(cohort, company, rng(Topic.LIFECYCLE))
    support = rng(Topic.SUPPORT)
    tickets = draw_tickets(life, horizon, support)
    return {
        "accounts": accounts_table(cohort, life, company),
        "subscriptions": subscriptions_table(cohort, life),
        "invoices": invoices_table(cohort, life, horizon, rng(Topic.BILLING)),
        "events": events_table(cohort, life, horizon, rng(Topic.USAGE)),
        "tickets": tickets_table(cohort, tickets, horizon, support),
        "surveys": surveys_table(cohort, life, tickets, company, rng(Topic.SURVEYS)),
        "touchpoints": touchpoints_table(cohort, life, company, rng(Topic.TOUCHPOINTS)),
        "assignments": assignments_table(
            account_ids(numbers), life.csm, life.paying, life.bounds, company.roster
        ),
    }
