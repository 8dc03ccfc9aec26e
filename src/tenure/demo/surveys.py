"""The `surveys` table: NPS (0–10), CSAT (1–5) and CES (1–7) after tickets, and polls (1–5).

NPS scores come from the lifecycle (they follow latent health); CSAT and CES mirror the
ratings given on tickets; polls go to accounts paying when they open. Many answers carry
a comment whose theme follows the account's experience (see `comments`).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pyarrow as pa

from tenure.demo.arrays import BoolArray, FloatArray, IntArray, rank_within
from tenure.demo.cohort import Cohort
from tenure.demo.comments import DETRACTOR, PASSIVE, PHRASES, PROMOTER, comment_index
from tenure.demo.company import Company
from tenure.demo.features import REPORTS
from tenure.demo.lifecycle import Lifecycle
from tenure.demo.support import Tickets
from tenure.demo.tables import (
    account_ids,
    build_table,
    compose_ids,
    pick,
    timestamps,
    with_nulls,
)
from tenure.demo.timeutil import working_instants

KINDS = ("nps", "csat", "ces", "poll")
NPS, CSAT, CES, POLL = range(4)
NPS_QUESTION = "How likely are you to recommend us to a friend or colleague?"
CSAT_QUESTION = "How satisfied were you with the support you received?"
CES_QUESTION = "How easy was it to get your issue resolved?"
COMMENT_SHARE = np.array([0.6, 0.3, 0.3, 0.2])  # per survey kind


@dataclass(frozen=True)
class _Answers:
    """Survey answers as parallel arrays."""

    account: IntArray
    responded: IntArray
    kind: IntArray
    score: IntArray
    user: IntArray
    question: IntArray  # index into the batch's question list
    group: IntArray  # DETRACTOR/PASSIVE/PROMOTER, for the comment
    signals: FloatArray  # (answers × 5) complaint-theme weights


_FIELDS = tuple(item.name for item in fields(_Answers))


def surveys_table(
    cohort: Cohort,
    life: Lifecycle,
    tickets: Tickets,
    company: Company,
    rng: np.random.Generator,
) -> pa.Table:
    """All survey answers of the cohort, ids numbered per account in answer order."""
    horizon = company.spec.horizon_us
    questions = [NPS_QUESTION, CSAT_QUESTION, CES_QUESTION, *(p.question for p in company.polls)]
    parts = [
        _nps(cohort, life, horizon, rng),
        _ticket_ratings(cohort, life, tickets, CSAT),
        _ticket_ratings(cohort, life, tickets, CES),
        *(_poll(cohort, life, company, index, rng) for index in range(len(company.polls))),
    ]
    answers = _sorted(_Answers(*(np.concatenate([getattr(p, n) for p in parts]) for n in _FIELDS)))
    commented = rng.random(answers.account.size) < COMMENT_SHARE[answers.kind]
    phrase = comment_index(rng, answers.group, answers.signals)
    return build_table(
        "surveys",
        {
            "response_id": compose_ids(
                "R", cohort.numbers[answers.account], rank_within(answers.account), 3
            ),
            "account_id": pick(account_ids(cohort.numbers), answers.account),
            "responded_at": timestamps(answers.responded),
            "survey": pick(KINDS, answers.kind),
            "score": answers.score,
            "user_id": compose_ids("U", cohort.numbers[answers.account], answers.user, 3),
            "comment": with_nulls(pick(PHRASES, phrase), commented),
            "question": pick(questions, answers.question),
        },
    )


def _sorted(answers: _Answers) -> _Answers:
    """Answers ordered by account, then answer time, then survey kind."""
    order = np.lexsort((answers.kind, answers.responded, answers.account))
    return _Answers(*(getattr(answers, name)[order] for name in _FIELDS))


def _signals(
    cohort: Cohort,
    life: Lifecycle,
    account: IntArray,
    cycle: IntArray,
    at: IntArray,
    group: IntArray,
) -> FloatArray:
    """Complaint-theme weights from the account's experience at the time of the answer.

    Promoters get no extra weights: their praise themes are drawn evenly.
    """
    slow = np.zeros(account.size, dtype=np.int64)
    for back in range(3):
        earlier = np.maximum(cycle - back, 0)
        slow += life.slow[account, earlier]
    no_integration = ~installed_by_rows(cohort, account, at)
    seats = np.maximum(life.seats[account, cycle], 1)
    idle = life.users[account, cycle] / seats < 0.45
    no_reports = ~cohort.adopted[account, REPORTS]
    weights = [3.0 * (slow > 0), 2.0 * no_integration, 2.0 * idle, 2.0 * no_reports, 0.0 * idle]
    praise = group == PROMOTER
    return np.where(praise[:, None], 0.0, np.stack(weights, axis=1)).astype(np.float64)


def installed_by_rows(cohort: Cohort, account: IntArray, at: IntArray) -> BoolArray:
    """Whether each answer's account had installed an integration before the answer."""
    first = cohort.onboarding.integrations[account, 0]
    return np.asarray((first >= 0) & (first < at), dtype=np.bool_)


def _group(score: IntArray, low: int, high: int) -> IntArray:
    """DETRACTOR up to `low`, PROMOTER from `high`, PASSIVE between."""
    return np.where(score <= low, DETRACTOR, np.where(score >= high, PROMOTER, PASSIVE)).astype(
        np.int64
    )


def _nps(cohort: Cohort, life: Lifecycle, horizon: int, rng: np.random.Generator) -> _Answers:
    """NPS answers drawn by the lifecycle, placed inside their cycle."""
    account, cycle = np.nonzero(life.nps >= 0)
    high = np.minimum(life.bounds[account, cycle + 1], horizon)
    at = working_instants(rng, life.bounds[account, cycle], high)
    score = life.nps[account, cycle]
    group = _group(score, 6, 9)
    return _Answers(
        account=account.astype(np.int64),
        responded=at,
        kind=np.full(account.size, NPS, dtype=np.int64),
        score=score,
        user=_respondent(life, account, cycle, rng),
        question=np.full(account.size, NPS, dtype=np.int64),
        group=group,
        signals=_signals(cohort, life, account, cycle, at, group),
    )


def _respondent(
    life: Lifecycle, account: IntArray, cycle: IntArray, rng: np.random.Generator
) -> IntArray:
    """A user number among the cycle's active users (low numbers answer more)."""
    users = np.maximum(life.users[account, cycle], 1)
    return np.floor(users * rng.random(account.size) ** 1.3).astype(np.int64)


def _ticket_ratings(cohort: Cohort, life: Lifecycle, tickets: Tickets, kind: int) -> _Answers:
    """CSAT or CES answers mirroring the ratings given on tickets."""
    score_all, at_all = (
        (tickets.csat, tickets.csat_at) if kind == CSAT else (tickets.ces, tickets.ces_at)
    )
    given = score_all >= 0
    score = score_all[given]
    signals = np.zeros((score.size, 5), dtype=np.float64)
    signals[:, 0] = 6.0  # ticket ratings talk about support, good or bad
    low, high = (2, 4) if kind == CSAT else (3, 6)
    return _Answers(
        account=tickets.account[given],
        responded=at_all[given],
        kind=np.full(score.size, kind, dtype=np.int64),
        score=score,
        user=tickets.requester[given],
        question=np.full(score.size, kind, dtype=np.int64),
        group=_group(score, low, high),
        signals=signals,
    )


def _poll(
    cohort: Cohort, life: Lifecycle, company: Company, index: int, rng: np.random.Generator
) -> _Answers:
    """Answers to one poll from accounts paying when it opens (1–5, following health)."""
    poll = company.polls[index]
    opens = np.full(cohort.count, poll.opens_us, dtype=np.int64)
    cycle = np.clip((life.bounds <= opens[:, None]).sum(axis=1) - 1, 0, life.cycles - 1)
    rows = np.arange(cohort.count)
    closes = np.minimum(life.bounds[rows, cycle + 1], poll.closes_us)
    started = life.bounds[rows, cycle] <= opens
    answer = life.paying[rows, cycle] & started & (opens < closes) & (rng.random(rows.size) < 0.12)
    account, cycle = rows[answer], cycle[answer]
    at = working_instants(rng, opens[answer], closes[answer])
    noise = 0.8 * rng.standard_normal(account.size)
    health = life.health[account, cycle]
    score = np.asarray(np.clip(np.round(3.4 + 0.8 * health + noise), 1, 5), dtype=np.int64)
    group = _group(score, 2, 4)
    return _Answers(
        account=account.astype(np.int64),
        responded=at,
        kind=np.full(account.size, POLL, dtype=np.int64),
        score=score,
        user=_respondent(life, account, cycle, rng),
        question=np.full(account.size, 3 + index, dtype=np.int64),
        group=group,
        signals=_signals(cohort, life, account, cycle, at, group),
    )
