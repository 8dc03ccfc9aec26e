"""Independent pandas computations of the experience, support, usage and lifecycle metrics,
written from their catalogue definitions (default settings). Each oracle takes the data,
the grain, one period (first and last day) and the accounts of one segment, and returns
the expected output columns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd
from metrics_oracle import months_later

Oracle = Callable[..., dict[str, Any]]

DAY = pd.Timedelta(days=1)
ACCESS = ("login", "session_start")
RESULTS = ("integration_installed", "feature:exports")


def share(top: float, bottom: float) -> float | None:
    return None if bottom == 0 else top / bottom


def ratio_row(top: Any, bottom: Any, **extra: Any) -> dict[str, Any]:
    return {"numerator": top, "denominator": bottom, "value": share(top, bottom), **extra}


@dataclass
class Data:
    """The demo tables with their days (midnight timestamps) precomputed."""

    frames: dict[str, pd.DataFrame]
    cache: dict[Any, set[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        f = self.frames
        self.accounts = f["accounts"]
        self.surveys = f["surveys"].assign(day=f["surveys"].responded_at.dt.normalize())
        tickets = f["tickets"]
        self.tickets = tickets.assign(
            created=tickets.created_at.dt.normalize(), resolved=tickets.resolved_at.dt.normalize()
        )
        events = f["events"]
        self.events = events.assign(day=events.occurred_at.dt.normalize())
        self.activity = self.events[
            self.events.event.isin(ACCESS) | self.events.event.str.startswith("feature:")
        ]
        features = f["features"]
        named = features.event.fillna("").where(features.event.fillna("") != "", features.feature)
        self.features = features.assign(f_event=named)
        self.uses = self.events.merge(
            self.features[["feature", "is_key", "f_event"]], left_on="event", right_on="f_event"
        )
        points = f["touchpoints"]
        self.touchpoints = points.assign(day=points.occurred_at.dt.normalize())
        subs = f["subscriptions"]
        self.paid = subs[(subs.amount > 0) & ~subs.is_trial.fillna(False).astype(bool)].assign(
            start=subs.started_at.dt.normalize(), end=subs.ended_at.dt.normalize()
        )

    @cached_property
    def by_account(self) -> dict[str, pd.DataFrame]:
        """Each account's events."""
        return dict(iter(self.events.groupby("account_id")))

    @cached_property
    def points_by_account(self) -> dict[str, pd.DataFrame]:
        return dict(iter(self.touchpoints.groupby("account_id")))

    def customers(self, day: pd.Timestamp) -> set[str]:
        """Accounts with a paid subscription active on `day`."""
        if day not in self.cache:
            p = self.paid
            active = (p.start <= day) & (p.end.isna() | (day < p.end))
            self.cache[day] = set(p.account_id[active])
        return self.cache[day]


def _in(frame: pd.DataFrame, column: str, p0: pd.Timestamp, p1: pd.Timestamp) -> pd.DataFrame:
    return frame[(frame[column] >= p0) & (frame[column] <= p1)]


def _of(frame: pd.DataFrame, accounts: set[str]) -> pd.DataFrame:
    return frame[frame.account_id.isin(accounts)]


# -- surveys ---------------------------------------------------------------------------


def answers(d: Data, kind: str, p0: pd.Timestamp, p1: pd.Timestamp, acc: set[str]) -> pd.Series:
    rows = _of(_in(d.surveys, "day", p0, p1), acc)
    return rows[rows.survey == kind].score


def nps(d: Data, grain: str, p0: pd.Timestamp, p1: pd.Timestamp, acc: set[str]) -> dict[str, Any]:
    s = answers(d, "nps", p0, p1, acc)
    pro, pas, det = int((s >= 9).sum()), int(((s >= 7) & (s <= 8)).sum()), int((s <= 6).sum())
    n = pro + pas + det
    value = None if n == 0 else (pro - det) / n * 100
    return {"value": value, "numerator": pro - det, "denominator": n, "promoters": pro,
            "passives": pas, "detractors": det}  # fmt: skip


def csat(d: Data, grain: str, p0: pd.Timestamp, p1: pd.Timestamp, acc: set[str]) -> dict[str, Any]:
    s = answers(d, "csat", p0, p1, acc)
    return ratio_row(int((s >= 4).sum()), len(s), mean=share(float(s.sum()), len(s)))


def ces(d: Data, grain: str, p0: pd.Timestamp, p1: pd.Timestamp, acc: set[str]) -> dict[str, Any]:
    s = answers(d, "ces", p0, p1, acc)
    return ratio_row(int(s.sum()), len(s), easy_share=share(float((s >= 5).sum()), len(s)))


def survey_responses(d: Data, grain: str, p0: Any, p1: Any, acc: set[str]) -> dict[str, Any]:
    return {"value": len(_of(_in(d.surveys, "day", p0, p1), acc))}


def survey_response_rate(d: Data, grain: str, p0: Any, p1: Any, acc: set[str]) -> dict[str, Any]:
    paying = d.customers(p1) & acc
    rows = _of(_in(d.surveys, "day", p0, p1), paying)
    answered = rows.account_id.nunique()
    return ratio_row(answered, len(paying), per_customer=share(len(rows), len(paying)))


# -- tickets ---------------------------------------------------------------------------


def tickets_in(d: Data, column: str, p0: Any, p1: Any, acc: set[str]) -> pd.DataFrame:
    return _of(_in(d.tickets, column, p0, p1), acc)


def ticket_volume(d: Data, grain: str, p0: Any, p1: Any, acc: set[str]) -> dict[str, Any]:
    return {"value": len(tickets_in(d, "created", p0, p1, acc))}


def tickets_per_100(d: Data, grain: str, p0: Any, p1: Any, acc: set[str]) -> dict[str, Any]:
    n, paying = len(tickets_in(d, "created", p0, p1, acc)), len(d.customers(p1) & acc)
    row = ratio_row(n, paying, per_customer=share(n, paying))
    return {**row, "value": None if paying == 0 else n / paying * 100}


def _spread(hours: pd.Series, count: str) -> dict[str, Any]:
    if hours.empty:
        return {"value": None, "p90": None, count: 0}
    return {
        "value": float(np.median(hours)),
        "p90": float(np.quantile(hours, 0.9)),
        count: len(hours),
    }


def _hours(rows: pd.DataFrame, end: str) -> pd.Series:
    kept = rows[rows[end].notna() & (rows[end] >= rows.created_at)]
    return (kept[end] - kept.created_at).dt.total_seconds() / 3600


def first_response(d: Data, grain: str, p0: Any, p1: Any, acc: set[str]) -> dict[str, Any]:
    return _spread(_hours(tickets_in(d, "created", p0, p1, acc), "first_response_at"), "tickets")


def resolution(d: Data, grain: str, p0: Any, p1: Any, acc: set[str]) -> dict[str, Any]:
    return _spread(_hours(tickets_in(d, "resolved", p0, p1, acc), "resolved_at"), "tickets")


def first_ticket(d: Data, grain: str, p0: Any, p1: Any, acc: set[str]) -> dict[str, Any]:
    ordered = d.tickets.sort_values(["created_at", "ticket_id"])
    firsts = ordered.groupby("account_id").head(1)
    rows = _of(_in(firsts, "resolved", p0, p1), acc)
    return _spread(_hours(rows, "resolved_at"), "accounts")


def backlog(d: Data, grain: str, p0: Any, p1: Any, acc: set[str]) -> dict[str, Any]:
    t = _of(d.tickets, acc)
    unknown = t.resolved.isna() & t.status.isin(["solved", "closed"])
    open_ = (t.created <= p1) & (t.resolved.isna() | (t.resolved > p1)) & ~unknown
    return {"value": int(open_.sum())}


def reopen(d: Data, grain: str, p0: Any, p1: Any, acc: set[str]) -> dict[str, Any]:
    t = tickets_in(d, "created", p0, p1, acc)
    reopened = t.reopened.fillna(False).astype(bool)
    return ratio_row(int(reopened.sum()), int((t.resolved_at.notna() | reopened).sum()))


def fcr(d: Data, grain: str, p0: Any, p1: Any, acc: set[str]) -> dict[str, Any]:
    t = tickets_in(d, "resolved", p0, p1, acc)
    t = t[t.contacts.notna()]
    first = (t.contacts <= 1) & ~t.reopened.fillna(False).astype(bool)
    return ratio_row(int(first.sum()), len(t))


def mix_all(d: Data, grain: str, p0: Any, p1: Any, acc: set[str]) -> dict[str, Any]:
    n = len(tickets_in(d, "created", p0, p1, acc))
    return ratio_row(n, n)


def questions(d: Data, grain: str, p0: Any, p1: Any, acc: set[str]) -> dict[str, Any]:
    active = set(_of(_in(d.activity, "day", p0, p1), acc).account_id)
    return ratio_row(len(tickets_in(d, "created", p0, p1, active)), len(active))


# -- usage -----------------------------------------------------------------------------


def _users(rows: pd.DataFrame) -> int:
    rows = rows[rows.user_id != ""]
    return len(rows[["account_id", "user_id"]].drop_duplicates())


def active_users(d: Data, grain: str, p0: Any, p1: Any, acc: set[str]) -> dict[str, Any]:
    return {"value": _users(_of(_in(d.activity, "day", p0, p1), acc))}


def dau(d: Data, grain: str, p0: Any, p1: Any, acc: set[str]) -> dict[str, Any]:
    rows = _of(_in(d.activity, "day", p0, p1), acc)
    rows = rows[rows.user_id != ""][["account_id", "user_id", "day"]].drop_duplicates()
    return {"value": len(rows) / ((p1 - p0).days + 1)}


def trailing_users(days: int) -> Any:
    def oracle(d: Data, grain: str, p0: Any, p1: Any, acc: set[str]) -> dict[str, Any]:
        return {"value": _users(_of(_in(d.activity, "day", p1 - (days - 1) * DAY, p1), acc))}

    return oracle


def stickiness(d: Data, grain: str, p0: Any, p1: Any, acc: set[str]) -> dict[str, Any]:
    rows = _of(_in(d.activity, "day", p1 - 29 * DAY, p1), acc)
    rows = rows[rows.user_id != ""][["account_id", "user_id", "day"]].drop_duplicates()
    return ratio_row(len(rows) / 30, _users(rows))


def event_count(d: Data, grain: str, p0: Any, p1: Any, acc: set[str]) -> dict[str, Any]:
    rows = _of(_in(d.events, "day", p0, p1), acc)
    return {"value": len(rows), "quantity": float(rows.quantity.fillna(1).sum())}


def named_events(event: str, quantity: bool) -> Any:
    def oracle(d: Data, grain: str, p0: Any, p1: Any, acc: set[str]) -> dict[str, Any]:
        rows = _of(_in(d.events, "day", p0, p1), acc)
        rows = rows[rows.event == event]
        return {"value": float(rows.quantity.fillna(1).sum()) if quantity else len(rows)}

    return oracle


def previous(grain: str, p0: pd.Timestamp) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day of the period before the one starting on `p0`."""
    last = p0 - DAY
    first = {
        "day": last,
        "week": last - pd.Timedelta(days=last.weekday()),
        "month": last.replace(day=1),
        "quarter": pd.Timestamp(last.year, 3 * ((last.month - 1) // 3) + 1, 1),
        "year": pd.Timestamp(last.year, 1, 1),
    }[grain]
    return first, last


def usage_trend(d: Data, grain: str, p0: Any, p1: Any, acc: set[str]) -> dict[str, Any]:
    q0, q1 = previous(grain, p0)
    now = _of(_in(d.activity, "day", p0, p1), acc).groupby("account_id").size()
    before = _of(_in(d.activity, "day", q0, q1), acc).groupby("account_id").size()
    both = pd.concat([now.rename("now"), before.rename("was")], axis=1).fillna(0)
    current, past = int(both.now.sum()), int(both.was.sum())
    return ratio_row(current - past, past, current=current, previous=past,
                     declining=int((both.now < both.was).sum()))  # fmt: skip


def window(frame: pd.DataFrame, p1: pd.Timestamp, days: int = 30) -> pd.DataFrame:
    return _in(frame, "day", p1 - (days - 1) * DAY, p1)


def engagement(d: Data, grain: str, p0: Any, p1: Any, acc: set[str]) -> dict[str, Any]:
    paying = d.customers(p1) & acc
    events = window(d.events, p1)
    accesses = events[events.event.isin(ACCESS)].groupby("account_id").size()
    features = window(d.uses, p1).groupby("account_id").feature.nunique()
    tiers = {"bad": 0, "good": 0, "excellent": 0}
    for account in paying:
        a, f = accesses.get(account, 0), features.get(account, 0)
        tier = "excellent" if a >= 20 and f >= 5 else "good" if a >= 4 and f >= 2 else "bad"
        tiers[tier] += 1
    n = len(paying)
    shares = {k: share(v, n) for k, v in tiers.items()}
    return ratio_row(tiers["good"] + tiers["excellent"], n, **shares)


def plan_of(d: Data) -> dict[str, Any]:
    subs = d.frames["subscriptions"].sort_values("started_at")
    latest = subs.groupby("account_id")["plan"].last()
    plan = d.accounts.set_index("account_id")["plan"]
    return plan.fillna(latest.reindex(plan.index)).to_dict()


def offered(d: Data, plan: Any) -> pd.DataFrame:
    plans = d.features.plans.fillna("")
    on = plans.map(lambda text: plan is not None and not pd.isna(plan) and plan in text.split("|"))
    return d.features[(plans == "") | on]


def adoption(d: Data, grain: str, p0: Any, p1: Any, acc: set[str]) -> dict[str, Any]:
    paying, plans = d.customers(p1) & acc, plan_of(d)
    used = window(d.uses, p1).groupby("account_id").feature.agg(set)
    users = window(d.activity, p1)
    users = users[users.user_id != ""].groupby("account_id").user_id.nunique()
    p = d.paid
    seats = p[(p.start <= p1) & (p.end.isna() | (p1 < p.end))].groupby("account_id").quantity.sum()
    breadth, key, depth = [], [], []
    for account in paying:
        avail, taken = offered(d, plans.get(account)), used.get(account, set())
        if len(avail):
            breadth.append(avail.feature.isin(taken).sum() / len(avail))
        keys = avail[avail.is_key.fillna(False).astype(bool)]
        if len(keys):
            key.append(keys.feature.isin(taken).sum() / len(keys))
        if seats.get(account, 0) > 0:
            depth.append(users.get(account, 0) / seats[account])
    mean = lambda xs: share(sum(xs), len(xs))  # noqa: E731
    return ratio_row(float(sum(breadth)), len(breadth), depth=mean(depth), key_features=mean(key))


def feature_adoption(d: Data, grain: str, p0: Any, p1: Any, acc: set[str]) -> dict[str, Any]:
    plans = plan_of(d)
    used = window(d.uses, p1).groupby("account_id").feature.agg(set)
    top = bottom = 0
    for account in d.customers(p1) & acc:
        avail = offered(d, plans.get(account))
        top += int(avail.feature.isin(used.get(account, set())).sum())
        bottom += len(avail)
    return ratio_row(top, bottom)


def skill_levels(
    proficient: tuple[int, int] = (1, 3), expert: tuple[int, int, int] = (2, 6, 0)
) -> Oracle:
    """Skill levels with thresholds (key features, active days[, results])."""

    def levels_of(d: Data, grain: str, p0: Any, p1: Any, acc: set[str]) -> dict[str, Any]:
        active = _of(window(d.activity, p1), acc)
        active = active[active.user_id != ""]
        days = active.groupby(["account_id", "user_id"]).day.nunique()
        uses = window(d.uses, p1)
        uses = uses[uses.is_key.fillna(False).astype(bool)]
        keys = uses.groupby(["account_id", "user_id"]).feature.nunique()
        events = window(d.events, p1)
        results = events[events.event.isin(RESULTS)].groupby(["account_id", "user_id"]).size()
        levels = {"beginner": 0, "proficient": 0, "expert": 0}
        for user, n in days.items():
            k, r = keys.get(user, 0), results.get(user, 0)
            is_expert = k >= expert[0] and n >= expert[1] and r >= expert[2]
            is_proficient = k >= proficient[0] and n >= proficient[1]
            level = "expert" if is_expert else "proficient" if is_proficient else "beginner"
            levels[level] += 1
        total = sum(levels.values())
        shares = {k: share(v, total) for k, v in levels.items()}
        return ratio_row(levels["proficient"] + levels["expert"], total, **shares)

    return levels_of


skills = skill_levels()


# -- lifecycle -------------------------------------------------------------------------


def onboarding_time(d: Data, grain: str, p0: Any, p1: Any, acc: set[str]) -> dict[str, Any]:
    a = d.accounts
    done = a[a.onboarding_completed_at.notna() & (a.onboarding_completed_at >= a.created_at)]
    done = _of(done[(done.onboarding_completed_at.dt.normalize() >= p0)
                    & (done.onboarding_completed_at.dt.normalize() <= p1)], acc)  # fmt: skip
    days = (done.onboarding_completed_at - done.created_at).dt.total_seconds() / 86400
    return ratio_row(
        float(days.sum()), len(days), within_target=share((days <= 30).sum(), len(days))
    )


def open_rate(d: Data, grain: str, p0: Any, p1: Any, acc: set[str]) -> dict[str, Any]:
    rows = _of(_in(d.events, "day", p0, p1), acc)
    opened = int((rows.event == "onboarding_email_opened").sum())
    return ratio_row(opened, int((rows.event == "onboarding_email_sent").sum()))


def onboarding_sessions(d: Data, grain: str, p0: Any, p1: Any, acc: set[str]) -> dict[str, Any]:
    a = _of(d.accounts[d.accounts.created_at.notna()], acc)
    a = a[(a.created_at.dt.normalize() >= p0) & (a.created_at.dt.normalize() <= p1)]
    total, none = 0, d.events.iloc[:0]
    for account, created in zip(a.account_id, a.created_at, strict=True):
        mine = d.by_account.get(account, none)
        mine = mine[mine.event == "session_start"].occurred_at
        total += int(((mine >= created) & (mine < created + 30 * DAY)).sum())
    return ratio_row(total, len(a))


def first_paid(d: Data) -> pd.Series:
    p = d.paid
    lasting = p[p.end.isna() | (p.end > p.start)]
    return lasting.groupby("account_id").start.min()


def activation_with(tenure_months: int, window_days: int) -> Oracle:
    """The activation oracle for a minimum tenure and an activation window."""

    def activation(d: Data, grain: str, p0: Any, p1: Any, acc: set[str]) -> dict[str, Any]:
        paid, created = first_paid(d), d.accounts.set_index("account_id").created_at.dt.normalize()
        hits = total = 0
        for account in d.customers(p1) & acc:
            first = paid[account]
            if pd.Timestamp(months_later(first.date(), tenure_months)) > p1:
                continue
            anchor = created.get(account)
            anchor = first if anchor is None or pd.isna(anchor) else anchor
            mine = d.by_account.get(account, d.events.iloc[:0])
            mine = mine[mine.day >= anchor]
            mine = mine[(mine.day < anchor + window_days * DAY) & (mine.day <= p1)]
            accesses = mine.event.isin(ACCESS).sum()
            key = mine.event.isin(
                d.features[d.features.is_key.fillna(False).astype(bool)].f_event
            ).sum()
            total += 1
            hits += int(accesses >= 3 and key >= 1)
        return ratio_row(hits, total)

    return activation


activation = activation_with(1, 30)


def relationship(d: Data, grain: str, p0: Any, p1: Any, acc: set[str]) -> dict[str, Any]:
    paying = d.customers(p1) & acc
    points = window(d.touchpoints, p1, 90)
    parts = {"cadence": 0.0, "executive": 0.0, "contacts": 0.0, "recency": 0.0}
    for account in paying:
        mine = d.points_by_account.get(account, points.iloc[:0])
        mine = mine[(mine.day >= p1 - 89 * DAY) & (mine.day <= p1)]
        contacts = mine.contact.fillna("")
        found = {
            "cadence": min(mine.kind.isin(["meeting", "call", "email"]).sum() / 6, 1.0),
            "executive": float(mine.kind.isin(["executive_review", "qbr"]).any()),
            "contacts": min(contacts[contacts != ""].nunique() / 3, 1.0),
            "recency": 0.0 if mine.empty else 1 - (p1 - mine.day.max()).days / 90,
        }
        for name, value in found.items():
            parts[name] += value
    n = len(paying)
    score = 25 * sum(parts.values())
    return ratio_row(score, n, **{k: None if n == 0 else v / n * 100 for k, v in parts.items()})
