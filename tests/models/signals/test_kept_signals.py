"""The whole company's signals of a day are kept once computed (in a small store of their
own): health and risk of the same day share them, a caller's changes never reach the kept
frame, and clearing the result cache forgets them."""

from __future__ import annotations

from datetime import date

import pandas as pd

from tenure.metrics import cache
from tenure.models.signals import service
from tenure.workspace import Workspace

DAY = date(2025, 6, 30)


def test_the_days_signals_are_kept_apart_and_handed_out_as_copies(small_ws: Workspace) -> None:
    cache.clear()
    first = small_ws.signals(DAY)
    assert len(service._KEPT.items) == 1
    first.loc[:, "events_30d"] = -1
    again = small_ws.signals(DAY)
    assert (again["events_30d"] >= 0).all()
    small_ws.health(DAY)  # the day and the day its trend starts from
    assert len(service._KEPT.items) == 2
    cache.clear()
    assert not service._KEPT.items


def test_a_day_asked_with_another_is_the_day_asked_alone(small_ws: Workspace) -> None:
    cache.clear()
    together = service.signals_frame(small_ws, [date(2025, 3, 31), DAY])
    cache.clear()
    alone = service.signals_frame(small_ws, [DAY])
    later = together[together["as_of"] == DAY].reset_index(drop=True)
    pd.testing.assert_frame_equal(later, alone)
    assert set(together["as_of"]) == {date(2025, 3, 31), DAY}
