"""Builder of the relationship score: how well each paying customer is looked after,
from the touchpoints of the `relationship_window_days` ending on the period's last day.

Four parts, each from 0 to 1, weigh equally: cadence (CSM meetings, calls and e-mails ÷
`relationship_touch_target`, capped at 1), executive reviews (1 when an executive review
or QBR was held), multi-threading (distinct contacts ÷ `relationship_contact_target`,
capped at 1) and recency (1 − days since the last touch ÷ window; 0 without a touch).
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from tenure.metrics.activity import trailing
from tenure.metrics.billing import customers_at_end
from tenure.metrics.buckets import Measures, part
from tenure.metrics.compiler import ratio
from tenure.metrics.context import Context
from tenure.metrics.money import COUNT, RATE
from tenure.metrics.registry import register

CADENCE = ("meeting", "call", "email")
REVIEWS = ("executive_review", "qbr")
PARTS = ("cadence", "executive", "contacts", "recency")

_SCORE: Measures = {"score": RATE, "accounts": COUNT, **dict.fromkeys(PARTS, RATE)}


def _finish(t: ir.Table, ctx: Context) -> dict[str, ir.Value]:
    parts = {name: ratio(t[name], t.accounts) * 100 for name in PARTS}
    return {"numerator": t.score, "denominator": t.accounts, **parts}


def touches(ctx: Context) -> ir.Table:
    """Per period and account: the window's cadence touches, reviews, contacts, last day."""
    points = ctx.table("touchpoints")
    rows = points.select(
        "account_id",
        day=points.occurred_at.date(),
        cadence=points.kind.isin(CADENCE).cast(COUNT),
        review=points.kind.isin(REVIEWS).cast(COUNT),
        contact=ibis.ifelse(points.contact.fill_null("") == "", None, points.contact),
    )
    placed = trailing(ctx, rows, "day", ctx.conventions.relationship_window_days)
    return placed.group_by(t_period="period", t_account="account_id").aggregate(
        touches=placed.cadence.sum(),
        reviews=placed.review.sum(),
        contacts=placed.contact.nunique(),
        last=placed.day.max(),
    )


@register("relationship_score", _SCORE, finish=_finish, one_row_each=True)
def _relationship(ctx: Context) -> ir.Table:
    c = ctx.conventions
    periods = ctx.periods_table().select("period", "last_day")
    paying = customers_at_end(ctx).join(periods, "period")
    found = touches(ctx)
    on = (paying.period == found.t_period) & (paying.account_id == found.t_account)
    rows = paying.left_join(found, on)
    window = c.relationship_window_days
    since = rows.last_day.delta(rows.last, unit="day").cast(RATE)
    parts = {
        "cadence": ibis.least(rows.touches.fill_null(0) / c.relationship_touch_target, 1.0),
        "executive": (rows.reviews.fill_null(0) > 0).cast(RATE),
        "contacts": ibis.least(rows.contacts.fill_null(0) / c.relationship_contact_target, 1.0),
        "recency": (1 - since / window).fill_null(0.0),
    }
    rows = rows.mutate(**{name: value.cast(RATE) for name, value in parts.items()})
    score = sum((rows[name] for name in PARTS), ibis.literal(0.0)) * 25
    return part(
        rows,
        _SCORE,
        False,
        score=score,
        accounts=ibis.literal(1),
        **{name: rows[name] for name in PARTS},
    )
