"""The candidate classifiers: a regularised logistic regression on signed-log features,
histogram gradient boosting (which handles unknown values natively), each optionally
blended with a one-feature logistic model of the baseline (the health score).

The blend lets a small history lean on the scorecard's prior knowledge and a long one
on what the data teaches; the validation split picks the weight.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Self

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler
from threadpoolctl import threadpool_limits

from tenure.models.risk.settings import ModelKind

#: Inverse regularisation strengths tried for the logistic regression.
LOGISTIC_C = (0.01, 0.1, 1.0)
#: Weights of the fitted model in the blend with the baseline model.
BLEND_WEIGHTS = (1.0, 0.7, 0.5, 0.3, 0.0)


@contextmanager
def one_thread() -> Iterator[None]:
    """Run BLAS/OpenMP on one thread: on small data, thread start-up and contention on a
    busy machine cost far more (20× measured) than the parallel work saves."""
    with threadpool_limits(limits=1):
        yield


def signed_log(values: Any) -> Any:
    """sign(x)·log(1 + |x|): tames heavy-tailed counts and money, keeps order."""
    return np.sign(values) * np.log1p(np.abs(values))


def logistic(c: float, seed: int) -> Pipeline:
    """Median-imputed (with missing flags), signed-log, standardised, L2 logistic."""
    return make_pipeline(
        SimpleImputer(strategy="median", add_indicator=True, keep_empty_features=True),
        FunctionTransformer(signed_log),
        StandardScaler(),
        LogisticRegression(C=c, max_iter=2000, random_state=seed),
    )


def gbm(seed: int) -> HistGradientBoostingClassifier:
    """Shallow, slow-learning boosting with few rounds: histories are small."""
    return HistGradientBoostingClassifier(
        learning_rate=0.05,
        max_iter=100,
        max_leaf_nodes=7,
        min_samples_leaf=40,
        l2_regularization=1.0,
        early_stopping=False,
        random_state=seed,
    )


@dataclass(frozen=True)
class Candidate:
    """One classifier configuration: kind, logistic C, and its weight in the blend."""

    kind: ModelKind
    c: float = 1.0
    weight: float = 1.0

    @property
    def name(self) -> str:
        core = f"logistic C={self.c:g}" if self.kind == "logistic" else "gbm"
        if self.weight <= 0.0:
            return "baseline only"
        return core if self.weight >= 1.0 else f"{core} + {1 - self.weight:.0%} baseline"


def candidates(kinds: list[ModelKind], blend: bool) -> list[Candidate]:
    """Every configuration to validate."""
    cores = [
        Candidate(kind, c) for kind in kinds for c in (LOGISTIC_C if kind == "logistic" else (1.0,))
    ]
    weights = [w for w in BLEND_WEIGHTS if w > 0] if blend else [1.0]
    found = [Candidate(core.kind, core.c, w) for core in cores for w in weights]
    return [*found, Candidate(kinds[0], LOGISTIC_C[0], 0.0)] if blend else found


class Classifier:
    """A candidate, fitted: the model on every feature, blended with the baseline's
    logistic model when the candidate's weight is below 1."""

    def __init__(self, candidate: Candidate, baseline: str | None, seed: int) -> None:
        self.candidate = candidate
        self.baseline = baseline if candidate.weight < 1.0 else None
        self.seed = seed

    def fit(self, x: pd.DataFrame, y: pd.Series) -> Self:
        with one_thread():
            c = self.candidate
            self.model_ = logistic(c.c, self.seed) if c.kind == "logistic" else gbm(self.seed)
            self.model_.fit(x, y)
            if self.baseline is not None:
                self.prior_ = logistic(1.0, self.seed).fit(x[[self.baseline]], y)
        return self

    def parts(self, x: pd.DataFrame) -> tuple[np.ndarray, np.ndarray | None]:
        """P(churn) of the model and of the baseline's model (None without a baseline)."""
        with one_thread():
            model: np.ndarray = self.model_.predict_proba(x)[:, 1]
            if self.baseline is None:
                return model, None
            prior: np.ndarray = self.prior_.predict_proba(x[[self.baseline]])[:, 1]
        return model, prior

    def predict_proba(self, x: pd.DataFrame) -> np.ndarray:
        """Columns P(stay), P(churn), like scikit-learn."""
        p = blend(*self.parts(x), self.candidate.weight)
        return np.column_stack([1.0 - p, p])


def blend(model: np.ndarray, prior: np.ndarray | None, weight: float) -> np.ndarray:
    """weight × the model's P + (1 − weight) × the baseline model's P."""
    if prior is None or weight >= 1.0:
        return model
    return weight * model + (1.0 - weight) * prior
