"""The candidate classifiers: a regularised logistic regression on signed-log features,
and histogram gradient boosting (which handles unknown values natively)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler
from threadpoolctl import threadpool_limits

from tenure.models.risk.settings import ModelKind


@contextmanager
def one_thread() -> Iterator[None]:
    """Run BLAS/OpenMP on one thread: on small data, thread start-up and contention on a
    busy machine cost far more (20× measured) than the parallel work saves."""
    with threadpool_limits(limits=1):
        yield


def signed_log(values: Any) -> Any:
    """sign(x)·log(1 + |x|): tames heavy-tailed counts and money, keeps order."""
    return np.sign(values) * np.log1p(np.abs(values))


def logistic(seed: int) -> Pipeline:
    """Median-imputed (with missing flags), signed-log, standardised, L2 logistic."""
    return make_pipeline(
        SimpleImputer(strategy="median", add_indicator=True, keep_empty_features=True),
        FunctionTransformer(signed_log),
        StandardScaler(),
        LogisticRegression(C=0.3, max_iter=2000, random_state=seed),
    )


def gbm(seed: int) -> HistGradientBoostingClassifier:
    """Shallow, slow-learning boosting: small data, strong regularisation."""
    return HistGradientBoostingClassifier(
        learning_rate=0.05,
        max_iter=200,
        max_leaf_nodes=15,
        min_samples_leaf=40,
        l2_regularization=1.0,
        early_stopping=False,
        random_state=seed,
    )


def make(kind: ModelKind, seed: int) -> Pipeline | HistGradientBoostingClassifier:
    """A fresh, unfitted classifier of `kind`."""
    return logistic(seed) if kind == "logistic" else gbm(seed)
