"""The `touchpoints` table: CSM meetings, calls, e-mails, trainings, QBRs, executive reviews.

How many touchpoints an account gets each cycle comes from the lifecycle (more on bigger
plans and with more diligent CSMs; they nudge health up). Here each gets a kind — high-touch
kinds on bigger plans — an instant, the owning CSM and one of the account's contacts.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from tenure.demo.arrays import BoolArray, IntArray, choice_rows
from tenure.demo.cohort import Cohort
from tenure.demo.company import Company
from tenure.demo.lifecycle import Lifecycle
from tenure.demo.tables import account_ids, build_table, pick, timestamps
from tenure.demo.timeutil import working_instants
from tenure.demo.vocab import FIRST_NAMES, LAST_NAMES, NAME_STEMS, NAME_SUFFIXES, slug

KINDS = ("meeting", "call", "email", "executive_review", "qbr", "training", "other")
#: Mix of touchpoint kinds (columns, as KINDS) per plan (rows).
KIND_MIX = np.array(
    [
        [0.05, 0.20, 0.68, 0.00, 0.00, 0.05, 0.02],
        [0.18, 0.25, 0.45, 0.00, 0.02, 0.08, 0.02],
        [0.25, 0.20, 0.33, 0.04, 0.10, 0.06, 0.02],
        [0.25, 0.20, 0.27, 0.08, 0.12, 0.06, 0.02],
    ]
)
#: Expected extra contacts (beyond the first) per plan: bigger accounts are multi-threaded.
EXTRA_CONTACTS = np.array([0.3, 0.8, 1.6, 3.0])


def company_names(numbers: IntArray) -> list[str]:
    """Deterministic company names from account numbers (names may repeat, as in life)."""
    stems, suffixes = len(NAME_STEMS), len(NAME_SUFFIXES)
    mixed = (numbers * 2_654_435_761) % (stems * suffixes)
    return [f"{NAME_STEMS[m // suffixes]} {NAME_SUFFIXES[m % suffixes]}" for m in mixed.tolist()]


def contacts(cohort: Cohort, rng: np.random.Generator) -> tuple[IntArray, pa.Array]:
    """Each account's customer contacts as "Name <e-mail>": offsets and the strings."""
    count = cohort.count
    number = 1 + rng.poisson(EXTRA_CONTACTS[cohort.plan])
    first = rng.integers(0, len(FIRST_NAMES), number.sum())
    last = rng.integers(0, len(LAST_NAMES), number.sum())
    owner = np.repeat(np.arange(count), number)
    domains = [slug(name) + ".example" for name in company_names(cohort.numbers)]
    texts = [
        _contact(FIRST_NAMES[f], LAST_NAMES[s], domains[o])
        for f, s, o in zip(first.tolist(), last.tolist(), owner.tolist(), strict=True)
    ]
    offsets = np.r_[0, np.cumsum(number)].astype(np.int64)
    return offsets, pa.array(texts, type=pa.string())


def _contact(first: str, last: str, domain: str) -> str:
    """A contact string "First Last <first.last@domain>"."""
    return f"{first} {last} <{slug(first)}.{slug(last)}@{domain}>"


def touchpoints_table(
    cohort: Cohort, life: Lifecycle, company: Company, rng: np.random.Generator
) -> pa.Table:
    """The `touchpoints` table, sorted by account and time, without duplicate keys."""
    horizon = company.spec.horizon_us
    cell_account, cell_cycle = np.nonzero(life.touches)
    repeat = np.repeat(np.arange(cell_account.size), life.touches[cell_account, cell_cycle])
    account, cycle = cell_account[repeat], cell_cycle[repeat]
    high = np.minimum(life.bounds[account, cycle + 1], horizon)
    at = working_instants(rng, life.bounds[account, cycle], high)
    kind = choice_rows(rng, KIND_MIX[life.plan[account, cycle]])
    offsets, people = contacts(cohort, rng)
    available = offsets[account + 1] - offsets[account]
    person = offsets[account] + np.floor(rng.random(account.size) * available).astype(np.int64)
    order = np.lexsort((person, kind, at, account))
    account, cycle, at, kind, person = (x[order] for x in (account, cycle, at, kind, person))
    keep = _first_of_key(account, at, kind, person)
    account, cycle, at, kind, person = (x[keep] for x in (account, cycle, at, kind, person))
    return build_table(
        "touchpoints",
        {
            "account_id": pick(account_ids(cohort.numbers), account),
            "occurred_at": timestamps(at),
            "kind": pick(KINDS, kind),
            "csm_id": pick(company.roster.ids, life.csm[account, cycle]),
            "contact": people.take(pa.array(person)),
        },
    )


def _first_of_key(*keys: IntArray) -> BoolArray:
    """Mask keeping the first row of each run of identical keys (rows sorted by the keys)."""
    size = keys[0].size
    if size == 0:
        return np.zeros(0, dtype=np.bool_)
    same = np.ones(size - 1, dtype=np.bool_)
    for key in keys:
        same &= key[1:] == key[:-1]
    return np.asarray(np.r_[True, ~same], dtype=np.bool_)
