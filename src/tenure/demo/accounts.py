"""The `accounts` table: one row per account with its segments, trial and onboarding dates.

`plan` is the plan of the account's latest subscription row (the trial plan for accounts
that never paid); `csm_id` is the owner of its latest paid cycle (kept after churn, so
churn can be attributed to the CSM who owned the account), null for accounts that never paid.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from tenure.demo.cohort import Cohort
from tenure.demo.company import Company
from tenure.demo.lifecycle import Lifecycle, active_at
from tenure.demo.plans import PLANS
from tenure.demo.tables import account_ids, build_table, pick, timestamps, with_nulls
from tenure.demo.touchpoints import company_names
from tenure.demo.vocab import CHANNELS, COUNTRIES, INDUSTRIES, SIZES


def accounts_table(cohort: Cohort, life: Lifecycle, company: Company) -> pa.Table:
    """The `accounts` rows of the cohort."""
    horizon = company.spec.horizon_us
    onboarding = cohort.onboarding
    rows = np.arange(cohort.count)
    paid = np.asarray(life.paying.any(axis=1), dtype=np.bool_)
    last = life.cycles - 1 - np.argmax(life.paying[:, ::-1], axis=1)
    plan = np.where(paid, life.plan[rows, last], cohort.plan)
    csm = np.where(paid, life.csm[rows, last], 0)
    done = onboarding.completed[:, None]
    completed = (done >= 0) & active_at(cohort, life, horizon, done)
    return build_table(
        "accounts",
        {
            "account_id": account_ids(cohort.numbers),
            "name": company_names(cohort.numbers),
            "created_at": timestamps(cohort.created),
            "csm_id": with_nulls(pick(company.roster.ids, csm), paid),
            "plan": pick(PLANS, plan),
            "industry": pick(INDUSTRIES, cohort.industry),
            "country": pick(COUNTRIES, cohort.country),
            "size": pick(SIZES, cohort.size),
            "acquisition_channel": pick(CHANNELS, cohort.channel),
            "trial_started_at": timestamps(cohort.created, onboarding.trial),
            "trial_ended_at": timestamps(onboarding.trial_end, onboarding.trial),
            "onboarding_completed_at": timestamps(done[:, 0], completed[:, 0]),
        },
    )
