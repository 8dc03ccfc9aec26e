"""On a 20,000-account demo company, the MRR movement identity holds exactly in every month,
each month starts where the previous one ended, and customer counts balance too."""

from __future__ import annotations

from datetime import date

import pyarrow as pa
import pytest

from tenure.demo import DemoSpec, generate
from tenure.workspace import Workspace

pytestmark = pytest.mark.slow

SPEC = DemoSpec(accounts=20_000, months=36, seed=7, end=date(2025, 12, 31))


@pytest.fixture(scope="module")
def demo(ws: Workspace) -> Workspace:
    parts: dict[str, list[pa.Table]] = {"accounts": [], "subscriptions": []}
    for batch in generate(SPEC):
        for name, tables in parts.items():
            tables.append(batch[name])
    for name, tables in parts.items():
        ws.store.con.create_table(name, pa.concat_tables(tables), overwrite=True)
    return ws


def test_movement_identity_in_every_month(demo: Workspace) -> None:
    moves = demo.metric("mrr_movements", "month", SPEC.start, SPEC.end)
    assert len(moves) == SPEC.months
    balance = (
        moves.start
        + moves.new
        + moves.expansion
        + moves.reactivation
        - moves.contraction
        - moves.churned
    )
    assert (balance == moves.end).all()
    assert (moves.start.iloc[1:].to_numpy() == moves.end.iloc[:-1].to_numpy()).all()
    assert moves.start.iloc[0] == 0 and moves.end.iloc[-1] > 0
    mrr = demo.metric("mrr", "month", SPEC.start, SPEC.end)
    assert (mrr.value == moves.end).all()


def test_customer_counts_balance_in_every_month(demo: Workspace) -> None:
    window = {"start": SPEC.start, "end": SPEC.end}
    customers = demo.metric("customers", "month", **window).value.to_numpy()
    new = demo.metric("new_customers", "month", **window).value.to_numpy()
    back = demo.metric("reactivated_customers", "month", **window).value.to_numpy()
    lost = demo.metric("churned_customers", "month", **window).value.to_numpy()
    opening = [0, *customers[:-1]]
    assert (opening + new + back - lost == customers).all()
