"""The churn-risk fitter on real data: IBM's Telco churn table (7,043 customers).

A small adapter turns its columns into numeric features (yes/no as 1/0, categories
one-hot); the table has no dates, so the fitter holds out a stratified quarter at random.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tenure.models.risk.fitter import LABEL, ChurnRiskModel

TELCO = (
    Path(__file__).resolve().parents[3].parent
    / "shared"
    / "data"
    / "telco"
    / "Telco-Customer-Churn.csv"
)
#: Published models reach 0.84–0.85 held out; the issue asks for at least 0.80.
TELCO_AUC = 0.80
CATEGORIES = ("InternetService", "Contract", "PaymentMethod", "MultipleLines")


def telco_examples(path: Path = TELCO) -> pd.DataFrame:
    """One row per customer: numeric features and `churned` (1 = left)."""
    raw = pd.read_csv(path)
    raw["TotalCharges"] = pd.to_numeric(raw["TotalCharges"].str.strip(), errors="coerce")
    frame = raw.drop(columns=["customerID", "Churn", *CATEGORIES])
    for column in frame.select_dtypes(exclude="number").columns:
        frame[column] = frame[column].map(lambda v: 1.0 if v in ("Yes", "Male") else 0.0)
    dummies = pd.get_dummies(raw[list(CATEGORIES)], dtype="float64")
    frame = pd.concat([frame.astype("float64"), dummies], axis=1)
    frame.columns = [c.replace(" ", "_") for c in frame.columns]
    return frame.assign(**{LABEL: (raw["Churn"] == "Yes").astype("int64")})


@pytest.fixture(scope="module")
def fitted() -> ChurnRiskModel:
    examples = telco_examples()
    features = [c for c in examples.columns if c != LABEL]
    return ChurnRiskModel(features).fit(examples)


def test_the_adapter_reads_every_customer() -> None:
    examples = telco_examples()
    assert len(examples) == 7043
    assert examples[LABEL].sum() == 1869
    assert examples["TotalCharges"].isna().sum() == 11  # new customers, blank in the file


def test_held_out_auc_on_telco(fitted: ChurnRiskModel) -> None:
    auc = fitted.metrics_["auc"]
    assert auc is not None and auc >= TELCO_AUC, fitted.metrics_
    assert fitted.split_["test_rows"] == 1761  # a stratified quarter
    assert fitted.baseline_ is None  # no health score on this table
    assert fitted.metrics_["lift_at_10"] is not None and fitted.metrics_["lift_at_10"] > 2


def test_drivers_on_telco_are_plausible(fitted: ChurnRiskModel) -> None:
    examples = telco_examples()
    risky = examples[(examples["Contract_Month-to-month"] == 1) & (examples["tenure"] <= 3)]
    effects = fitted.effects(risky.head(200)).mean()
    assert effects.idxmax() in {
        "tenure",
        "Contract_Month-to-month",
        "Contract_Two_year",
        "TotalCharges",
    }
