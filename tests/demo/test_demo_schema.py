"""Every generated row satisfies the canonical schema and its rules."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from tenure.demo import DemoSpec
from tenure.schema import TABLES
from tenure.storage.types import arrow_schema

HORIZON_DAYS = 1
SCALES = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7), "poll": (1, 5)}
COMPANY_TABLES = ("features", "csms", "costs")


def test_every_batch_has_every_table_with_the_exact_schema(
    batches: list[dict[str, pa.Table]],
) -> None:
    assert len(batches) == 3
    for batch in batches:
        assert list(batch) == list(TABLES)
        for name, table in batch.items():
            assert table.schema.equals(arrow_schema(TABLES[name])), name


def test_company_tables_come_in_the_first_batch_only(batches: list[dict[str, pa.Table]]) -> None:
    for name in COMPANY_TABLES:
        assert batches[0][name].num_rows > 0
        assert all(batch[name].num_rows == 0 for batch in batches[1:])
    for batch in batches:
        assert batch["accounts"].num_rows > 0 and batch["events"].num_rows > 0


@pytest.mark.parametrize("name", list(TABLES))
def test_required_and_default_valued_key_columns_are_never_null(
    tables: dict[str, pa.Table], name: str
) -> None:
    table = TABLES[name]
    must = set(table.required_columns) | {c for c in table.key if table.column(c).default}
    for column in must:
        assert tables[name][column].null_count == 0, f"{name}.{column}"


@pytest.mark.parametrize("name", list(TABLES))
def test_keys_are_unique_across_the_whole_company(
    frames: dict[str, pd.DataFrame], name: str
) -> None:
    frame = frames[name]
    assert len(frame) > 0
    assert not frame.duplicated(list(TABLES[name].key)).any()


@pytest.mark.parametrize("name", list(TABLES))
def test_choices_minimums_and_order_rules(tables: dict[str, pa.Table], name: str) -> None:
    table = TABLES[name]
    data = tables[name]
    for column in table.columns:
        values = data[column.name]
        if column.choices:
            seen = set(pc.unique(values.drop_null()).to_pylist())
            assert seen <= set(column.choices), f"{name}.{column.name}: {seen}"
        if column.minimum is not None and values.null_count < len(values):
            assert pc.min(values).as_py() >= column.minimum, f"{name}.{column.name}"
    for rule in table.order_rules:
        later, earlier = data[rule.later], data[rule.earlier]
        assert not pc.any(pc.less(later, earlier)).as_py(), f"{name}: {rule.describe()}"


@pytest.mark.parametrize("name", list(TABLES))
def test_no_event_date_after_the_end_of_history(
    tables: dict[str, pa.Table], spec: DemoSpec, name: str
) -> None:
    horizon = pd.Timestamp(spec.end) + pd.Timedelta(days=HORIZON_DAYS)
    start = pd.Timestamp(spec.start)
    for column in TABLES[name].columns:
        if column.type not in ("timestamp", "date") or column.future != "event":
            continue
        values = tables[name][column.name].drop_null()
        if column.type == "date":
            values = values.cast(pa.timestamp("us"))
        assert pc.max(values).as_py() < horizon, f"{name}.{column.name}"
        if name not in ("csms",):
            assert pc.min(values).as_py() >= start, f"{name}.{column.name}"


def test_survey_scores_inside_their_scale(frames: dict[str, pd.DataFrame]) -> None:
    surveys = frames["surveys"]
    assert set(surveys["survey"]) == set(SCALES)
    for kind, (low, high) in SCALES.items():
        scores = surveys.loc[surveys["survey"] == kind, "score"]
        assert scores.between(low, high).all(), kind
        assert scores.min() == low or kind == "poll"
    ratings = frames["tickets"]["csat"].dropna()
    assert ratings.between(1, 5).all()


def test_money_is_whole_cents_and_non_negative(tables: dict[str, pa.Table]) -> None:
    for name, column in [
        ("subscriptions", "amount"),
        ("subscriptions", "discount"),
        ("invoices", "amount"),
        ("csms", "monthly_cost"),
        ("costs", "amount"),
    ]:
        cents = [value * 100 for value in tables[name][column].drop_null().to_pylist()]
        assert all(value == value.to_integral_value() and value >= 0 for value in cents)


def test_references_point_at_existing_rows(frames: dict[str, pd.DataFrame]) -> None:
    accounts = set(frames["accounts"]["account_id"])
    csms = set(frames["csms"]["csm_id"])
    for name in TABLES:
        if "account_id" in frames[name] and name != "accounts":
            assert set(frames[name]["account_id"]) <= accounts, name
        if "csm_id" in frames[name] and name != "csms":
            assert set(frames[name]["csm_id"].dropna()) <= csms, name


def test_ids_are_well_formed(frames: dict[str, pd.DataFrame], spec: DemoSpec) -> None:
    accounts = frames["accounts"]["account_id"]
    assert accounts.iloc[0] == "A000001" and accounts.iloc[-1] == f"A{spec.accounts:06d}"
    assert frames["subscriptions"]["subscription_id"].str.fullmatch(r"S\d{6}-\d{2,}").all()
    assert frames["invoices"]["invoice_id"].str.fullmatch(r"I\d{6}-\d{4,}").all()
    assert frames["tickets"]["ticket_id"].str.fullmatch(r"T\d{6}-\d{3,}").all()
    assert frames["surveys"]["response_id"].str.fullmatch(r"R\d{6}-\d{3,}").all()
    users = frames["events"]["user_id"]
    assert (users[users != ""].str.fullmatch(r"U\d{6}-\d{3,}")).all()


def test_event_names_and_feature_catalogue(frames: dict[str, pd.DataFrame]) -> None:
    features = frames["features"]
    assert 10 <= len(features) <= 15 and features["is_key"].any() and not features["is_key"].all()
    plans = {"starter", "growth", "business", "enterprise"}
    for listed in features["plans"]:
        assert listed == "" or set(listed.split("|")) <= plans
    names = set(frames["events"]["event"])
    used = {name.removeprefix("feature:") for name in names if name.startswith("feature:")}
    assert used == set(features["feature"])
    expected = {
        "login",
        "session_start",
        "api_call",
        "integration_installed",
        "onboarding_email_sent",
        "onboarding_email_opened",
        *(f"onboarding_step_{n}" for n in range(1, 6)),
    }
    assert names - {f"feature:{key}" for key in features["feature"]} == expected


def test_api_calls_carry_quantities_and_other_events_count_one(
    frames: dict[str, pd.DataFrame],
) -> None:
    events = frames["events"]
    api = events["event"] == "api_call"
    assert (events.loc[api, "quantity"] >= 1).all() and events.loc[api, "quantity"].max() > 50
    assert (events.loc[api, "user_id"] == "").all()
    assert (events.loc[~api, "quantity"] == 1).all()
    assert (events.loc[~api, "user_id"] != "").all()


def test_events_occur_at_microsecond_resolution(frames: dict[str, pd.DataFrame]) -> None:
    instants = frames["events"]["occurred_at"].to_numpy("datetime64[us]").astype(np.int64)
    assert (instants % 1_000_000 != 0).mean() > 0.99
