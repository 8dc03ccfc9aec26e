"""Tasks are never duplicated: re-runs, later days and state episodes; status changes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from ops_common import DAY

from tenure.ops.alerts import run_alerts
from tenure.ops.tasks import TaskError
from tenure.workspace import Workspace


def test_running_the_rules_twice_creates_no_duplicate(hand: Workspace) -> None:
    first = run_alerts(hand, DAY)
    assert len(first.created) == 9
    again = run_alerts(hand, DAY)
    assert again.created == [] and again.continued == 0
    tasks = hand.tasks()
    assert len(tasks) == 9
    assert tasks["dedup_key"].is_unique and tasks["task_id"].is_unique


def test_later_runs_continue_episodes_instead_of_duplicating(hand: Workspace) -> None:
    run_alerts(hand, DAY)
    later = run_alerts(hand, DAY + timedelta(days=5))
    created = {(t["rule"], t["account_id"]) for t in later.created}
    assert ("health_red", "a3") not in created  # a state rule: the same episode
    assert ("detractor", "a3") not in created  # the same answer r1
    assert ("invoice_overdue", "a4") not in created  # the same oldest invoice i1
    stored = hand.tasks(account="a3")
    red = stored[stored["rule"] == "health_red"].iloc[0]
    assert red["fired_on"] == DAY and red["last_fired_on"] == DAY + timedelta(days=5)


def test_a_state_rule_opens_a_new_episode_after_a_pause(hand: Workspace) -> None:
    run_alerts(hand, DAY, ("health_red",))
    gap = hand.settings.alerts.rearm_days + 1
    later = run_alerts(hand, DAY + timedelta(days=gap), ("health_red",))
    assert {t["account_id"] for t in later.created} == {"a3", "a4"}
    assert len(hand.tasks(account="a3")) == 2


def test_a_done_task_stays_done_when_its_episode_fires_again(hand: Workspace) -> None:
    run_alerts(hand, DAY)
    task = hand.tasks(account="a3")
    task_id = str(task.loc[task["rule"] == "detractor", "task_id"].iloc[0])
    hand.update_task(task_id[:6], "done", by="test")
    again = run_alerts(hand, DAY + timedelta(days=1))
    assert not [t for t in again.created if t["rule"] == "detractor"]
    assert hand.tasks(status="done")["task_id"].tolist() == [task_id]


def test_snoozed_tasks_wake_up_on_their_day(hand: Workspace) -> None:
    run_alerts(hand, DAY)
    task_id = str(hand.tasks()["task_id"].iloc[0])
    until = date.today() + timedelta(days=3)
    changed = hand.update_task(task_id, "snoozed", until)
    assert changed["status"] == "snoozed" and changed["snoozed_until"] == until
    assert task_id in set(hand.tasks(status="snoozed")["task_id"])
    from tenure.ops.tasks import list_tasks

    woken = list_tasks(hand.store, status="open", today=until)
    assert task_id in set(woken["task_id"])


def test_bad_status_changes_are_refused(hand: Workspace) -> None:
    run_alerts(hand, DAY)
    task_id = str(hand.tasks()["task_id"].iloc[0])
    with pytest.raises(TaskError, match="after today"):
        hand.update_task(task_id, "snoozed", date.today())
    with pytest.raises(TaskError, match="unknown status"):
        hand.update_task(task_id, "finished")
    with pytest.raises(TaskError, match="no task"):
        hand.update_task("ffffffff", "done")
    with pytest.raises(TaskError, match="at least 4"):
        hand.update_task("ab", "done")


def test_tasks_filter_by_owner_status_and_account(hand: Workspace) -> None:
    run_alerts(hand, DAY)
    mine = hand.tasks(csm="C2")
    assert set(mine["owner_id"]) == {"C2"}
    assert set(mine["account_id"]) == {"a2", "a5", "a6"}
    assert set(hand.tasks(account="a3")["rule"]) == {
        "detractor",
        "health_red",
        "renewal_low_health",
    }
    assert hand.tasks(status="done").empty
    assert (hand.tasks()["account_name"] == "Account 3").sum() == 3
