"""Builders of the survey metrics: NPS, CSAT, CES, response counts and response rate.

Answers are assigned to the period in which they were given. Scores outside a survey's
scale never reach these builders: they are quarantined at import.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from tenure.metrics.billing import customers_at_end
from tenure.metrics.buckets import Measures, flow, part
from tenure.metrics.compiler import ratio
from tenure.metrics.context import Context
from tenure.metrics.money import COUNT
from tenure.metrics.registry import register
from tenure.metrics.tagged import tagged

PROMOTER, DETRACTOR = 9, 6  # NPS: 9–10 promoters, 0–6 detractors, 7–8 passives


def answers(ctx: Context, survey: str) -> ir.Table:
    """Answers to surveys of kind `survey`: account_id, score, day."""
    surveys = ctx.table("surveys")
    kept = surveys.filter(surveys.survey == survey)
    return kept.select("account_id", "score", day=kept.responded_at.date())


def csat_answers(ctx: Context) -> ir.Table:
    """CSAT answers from surveys, or the ratings on tickets (dated at resolution)."""
    if ctx.conventions.csat_source == "surveys":
        return answers(ctx, "csat")
    tickets = ctx.table("tickets")
    rated = tickets.filter(tickets.csat.notnull())
    day = rated.resolved_at.fill_null(rated.created_at).date()
    return rated.select("account_id", score=rated.csat, day=day)


_NPS: Measures = {"promoters": COUNT, "passives": COUNT, "detractors": COUNT}


def _nps_finish(t: ir.Table, ctx: Context) -> dict[str, ir.Value]:
    answered = t.promoters + t.passives + t.detractors
    return {
        "numerator": t.promoters - t.detractors,
        "denominator": answered,
        "promoters": t.promoters,
        "passives": t.passives,
        "detractors": t.detractors,
    }


@register(
    "nps",
    _NPS,
    finish=_nps_finish,
    value=lambda t, ctx: ratio(t.numerator, t.denominator) * 100,
)
def _nps(ctx: Context) -> ir.Table:
    rows = flow(ctx, answers(ctx, "nps"), "day")
    score = rows.score
    return part(
        rows,
        _NPS,
        False,
        promoters=(score >= PROMOTER).cast(COUNT),
        passives=((score > DETRACTOR) & (score < PROMOTER)).cast(COUNT),
        detractors=(score <= DETRACTOR).cast(COUNT),
    )


_SCORED: Measures = {"hits": COUNT, "answers": COUNT, "total": COUNT}


def _scored(rows: ir.Table, hit: ir.BooleanValue) -> ir.Table:
    return part(
        rows, _SCORED, False, hits=hit.cast(COUNT), answers=ibis.literal(1), total=rows.score
    )


@register(
    "csat",
    _SCORED,
    finish=lambda t, ctx: {
        "numerator": t.hits,
        "denominator": t.answers,
        "mean": ratio(t.total, t.answers),
    },
)
def _csat(ctx: Context) -> ir.Table:
    rows = flow(ctx, csat_answers(ctx), "day")
    return _scored(rows, rows.score >= ctx.conventions.csat_threshold)


@register(
    "ces",
    _SCORED,
    finish=lambda t, ctx: {
        "numerator": t.total,
        "denominator": t.answers,
        "easy_share": ratio(t.hits, t.answers),
    },
)
def _ces(ctx: Context) -> ir.Table:
    rows = flow(ctx, answers(ctx, "ces"), "day")
    return _scored(rows, rows.score >= ctx.conventions.ces_agree_threshold)


@register("survey_responses", {"value": COUNT})
def _responses(ctx: Context) -> ir.Table:
    surveys = ctx.table("surveys")
    rows = flow(ctx, surveys.mutate(day=surveys.responded_at.date()), "day")
    return tagged(ctx, rows, {"value": COUNT}, False, value=ibis.literal(1))


_RATE: Measures = {"answered": COUNT, "customers": COUNT, "answers": COUNT}


@register(
    "survey_response_rate",
    _RATE,
    finish=lambda t, ctx: {
        "numerator": t.answered,
        "denominator": t.customers,
        "per_customer": ratio(t.answers, t.customers),
    },
    one_row_each=True,
)
def _response_rate(ctx: Context) -> ir.Table:
    surveys = ctx.table("surveys")
    placed = flow(ctx, surveys.mutate(day=surveys.responded_at.date()), "day")
    counted = placed.group_by(a_period="period", a_account="account_id").aggregate(n=placed.count())
    paying = customers_at_end(ctx)
    joined = paying.left_join(
        counted, (paying.period == counted.a_period) & (paying.account_id == counted.a_account)
    )
    answers_n = joined.n.fill_null(0)
    return part(
        joined,
        _RATE,
        False,
        answered=(answers_n > 0).cast(COUNT),
        customers=ibis.literal(1),
        answers=answers_n,
    )
