"""Builders of MRR, ARR, MRR movements and the ratios made of them."""

from __future__ import annotations

import ibis.expr.types as ir

from tenure.metrics.buckets import Measures, flow, part, stock, union
from tenure.metrics.changes import changes
from tenure.metrics.context import Context
from tenure.metrics.money import COUNT, MONEY
from tenure.metrics.registry import register
from tenure.metrics.spec import MOVEMENT_COLUMNS

MOVES = ("new", "expansion", "reactivation", "contraction", "churned")
_MOVEMENTS = dict.fromkeys(MOVEMENT_COLUMNS, MONEY)


def mrr_at(ctx: Context, instant: str, name: str, measures: Measures) -> ir.Table:
    """Contribution rows of MRR at the `instant` series, as measure `name`."""
    rows = stock(ctx, changes(ctx), "day", instant)
    return part(rows, measures, True, **{name: rows.dm})


def customers_at(ctx: Context, instant: str, name: str, measures: Measures) -> ir.Table:
    """Contribution rows of the customer count at the `instant` series, as measure `name`."""
    rows = stock(ctx, changes(ctx), "day", instant)
    return part(rows, measures, True, **{name: rows.d_cust})


def moves(ctx: Context, measures: Measures, first: str = "first_day", **named: str) -> ir.Table:
    """Flow rows of change columns in each period (or window from `first`), renamed."""
    rows = flow(ctx, changes(ctx), "day", first)
    return part(rows, measures, False, **{out: rows[src] for out, src in named.items()})


@register("mrr", {"value": MONEY})
def _mrr(ctx: Context) -> ir.Table:
    return mrr_at(ctx, "end", "value", {"value": MONEY})


@register("arr", {"value": MONEY})
def _arr(ctx: Context) -> ir.Table:
    """12 × MRR, summed from each subscription's exactly annualised amount."""
    rows = stock(ctx, changes(ctx), "day", "end")
    return part(rows, {"value": MONEY}, True, value=rows.da)


@register("mrr_movements", _MOVEMENTS)
def _movements(ctx: Context) -> ir.Table:
    return union(
        [
            mrr_at(ctx, "start", "start", _MOVEMENTS),
            mrr_at(ctx, "end", "end", _MOVEMENTS),
            moves(ctx, _MOVEMENTS, **{m: m for m in MOVES}),
        ]
    )


def _movement(name: str) -> None:
    measures: Measures = {"value": MONEY}
    register(f"{name}_mrr", measures)(lambda ctx: moves(ctx, measures, value=name))


for _name in MOVES:
    _movement(_name)


@register("net_new_mrr", {"value": MONEY})
def _net_new(ctx: Context) -> ir.Table:
    return moves(ctx, {"value": MONEY}, value="dm")


_ARPA = {"numerator": MONEY, "denominator": COUNT}


@register("arpa", _ARPA)
def _arpa(ctx: Context) -> ir.Table:
    return union(
        [mrr_at(ctx, "end", "numerator", _ARPA), customers_at(ctx, "end", "denominator", _ARPA)]
    )


_QUICK = {"gained": MONEY, "lost": MONEY}


def _quick_finish(t: ir.Table, ctx: Context) -> dict[str, ir.Value]:
    return {"numerator": t.gained, "denominator": t.lost}


@register("quick_ratio", _QUICK, finish=_quick_finish)
def _quick(ctx: Context) -> ir.Table:
    rows = flow(ctx, changes(ctx), "day")
    gained = rows.new + rows.expansion + rows.reactivation
    return part(rows, _QUICK, False, gained=gained, lost=rows.churned + rows.contraction)


_EXPANSION = {"start": MONEY, "kept": MONEY, "churned": MONEY}


def _expansion_finish(t: ir.Table, ctx: Context) -> dict[str, ir.Value]:
    return {"numerator": t.kept, "denominator": t.start - t.churned}


@register("expansion_rate", _EXPANSION, finish=_expansion_finish)
def _expansion(ctx: Context) -> ir.Table:
    rows = flow(ctx, changes(ctx), "day")
    kept = rows.expansion + rows.reactivation - rows.contraction
    return union(
        [
            mrr_at(ctx, "start", "start", _EXPANSION),
            part(rows, _EXPANSION, False, kept=kept, churned=rows.churned),
        ]
    )
