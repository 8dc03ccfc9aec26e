from datetime import date
from tenure.models.signals.service import signal_context
from tenure.models.signals.build import signals_expr
def test_debug(demo):
    ws = demo("postgres").ws
    expr = signals_expr(signal_context(ws, [date(2024,12,31)]))
    bad = []
    for c in expr.columns:
        try:
            ws.store.con.to_pyarrow(expr.select(c))
        except Exception as e:
            bad.append((c, str(e)[:80]))
    print("BAD", bad)
    assert not bad
