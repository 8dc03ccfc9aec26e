"""The churn-risk fitter: learns P(churn within the horizon) from snapshot examples.

Examples are rows of (snapshot date `as_of`, account, features, label `churned`). The
split is by time: the latest snapshots are the test set, and training uses only snapshots
whose label window closed before the test period began, so nothing the model learns
comes from the test period. Among the candidate classifiers the best on a validation
split of the training years (same rule) is kept; its test figures are reported beside
the baseline's (the health score, when the examples carry one). The final model is then
refitted on every labelled snapshot.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Self

import numpy as np
import pandas as pd

from tenure.models.errors import RiskError
from tenure.models.risk.drivers import feature_effects
from tenure.models.risk.estimators import Candidate, Classifier, blend, candidates
from tenure.models.risk.evaluation import calibration, figures
from tenure.models.risk.settings import ModelKind
from tenure.models.risk.split import TimeSplit, random_split, time_split

#: Recomputes derived feature columns (the health score) of a frame of signals.
Derive = Callable[[pd.DataFrame], pd.DataFrame]

LABEL = "churned"
TIME = "as_of"
BASELINE = "health_score"
MIN_POSITIVES = 10


class ChurnRiskModel:
    """A churn-risk classifier with a backtest. `fit()` returns self; fitted attributes
    end in `_`; `summary()` is the backtest beside the baseline."""

    #: The last day of the history it learned from (set by whoever built the examples).
    data_horizon_: str = ""
    #: When it was fitted (UTC, ISO 8601).
    fitted_at_: str = ""

    def __init__(
        self,
        features: Sequence[str],
        kinds: Sequence[ModelKind] = ("logistic", "gbm"),
        horizon_days: int = 90,
        test_snapshots: int = 6,
        seed: int = 0,
    ) -> None:
        self.features = list(features)
        self.kinds = list(kinds)
        self.horizon_days = horizon_days
        self.test_snapshots = test_snapshots
        self.seed = seed

    # -- fitting ------------------------------------------------------------------------

    def fit(self, examples: pd.DataFrame) -> Self:
        """Choose, backtest and refit the classifier on `examples` (see the module doc)."""
        self._check(examples)
        split = self._split(examples)
        train, test = examples.loc[split.train], examples.loc[split.test]
        self.candidates_ = self._validate(train)
        self.choice_ = self._best(self.candidates_)
        self.kind_ = self.choice_.name
        p_test = self._fit_on(train).predict_proba(test[self.features])[:, 1]
        y_test = test[LABEL].to_numpy()
        self.metrics_ = figures(y_test, p_test)
        self.baseline_ = self._baseline(test)
        self.calibration_ = calibration(y_test, p_test)
        self.split_ = split.describe(examples)
        self.estimator_ = self._fit_on(examples.loc[split.labelled])
        self.reference_ = examples[self.features].median(numeric_only=True)
        self.n_examples_ = len(examples)
        self.fitted_at_ = datetime.now(UTC).isoformat(timespec="seconds")
        return self

    def _check(self, examples: pd.DataFrame) -> None:
        missing = [c for c in [*self.features, LABEL] if c not in examples.columns]
        if missing:
            raise RiskError(f"examples lack the columns {', '.join(missing)}")
        positives = int(examples[LABEL].sum())
        if positives < MIN_POSITIVES:
            raise RiskError(
                f"only {positives} churn(s) in the history: at least {MIN_POSITIVES} are needed"
            )

    def _split(self, examples: pd.DataFrame, snapshots: int | None = None) -> TimeSplit:
        if TIME not in examples.columns:
            return random_split(examples, LABEL, self.seed)
        gap = timedelta(days=self.horizon_days)
        return time_split(examples[TIME], snapshots or self.test_snapshots, gap)

    def _candidates(self) -> list[Candidate]:
        return candidates(self.kinds, BASELINE in self.features)

    def _validate(self, train: pd.DataFrame) -> dict[str, float | None]:
        """Validation AUC of each candidate on a time split of the training snapshots
        (None for all when the training part is too short to split)."""
        options = self._candidates()
        days = train[TIME].nunique() if TIME in train.columns else 0
        try:
            inner = self._split(train, max(2, days // 4))
        except RiskError:
            return {c.name: None for c in options}
        fit_part, check = train.loc[inner.train], train.loc[inner.test]
        if fit_part[LABEL].nunique() < 2 or check[LABEL].nunique() < 2:
            return {c.name: None for c in options}
        labels = check[LABEL].to_numpy()
        scores: dict[str, float | None] = {}
        for core in dict.fromkeys(Candidate(c.kind, c.c, 0.5) for c in options):
            model = self._make(core).fit(fit_part[self.features], fit_part[LABEL])
            parts = model.parts(check[self.features])
            for candidate in (c for c in options if (c.kind, c.c) == (core.kind, core.c)):
                p = blend(*parts, candidate.weight)
                scores[candidate.name] = figures(labels, p)["auc"]
        return scores

    def _best(self, scores: dict[str, float | None]) -> Candidate:
        """The candidate with the best validation AUC (the first when none is known)."""
        options = self._candidates()
        return max(options, key=lambda c: scores.get(c.name) or 0.0)

    def _make(self, candidate: Candidate) -> Classifier:
        baseline = BASELINE if BASELINE in self.features else None
        return Classifier(candidate, baseline, self.seed)

    def _fit_on(self, rows: pd.DataFrame) -> Classifier:
        if rows[LABEL].nunique() < 2:
            raise RiskError("the training snapshots hold no churn (or only churn)")
        return self._make(self.choice_).fit(rows[self.features], rows[LABEL])

    def _baseline(self, test: pd.DataFrame) -> dict[str, float | None] | None:
        if BASELINE not in test.columns:
            return None
        known = test[test[BASELINE].notna()]
        risk = 100.0 - known[BASELINE].to_numpy(dtype="float64")
        return figures(known[LABEL].to_numpy(), risk)

    # -- using ----------------------------------------------------------------------------

    def _fitted(self) -> Classifier:
        estimator: Classifier | None = getattr(self, "estimator_", None)
        if estimator is None:
            raise RiskError("the churn-risk model is not fitted: call fit() first")
        return estimator

    def predict_proba(self, frame: pd.DataFrame) -> np.ndarray:
        """P(churn within the horizon) of each row."""
        probabilities: np.ndarray = self._fitted().predict_proba(frame[self.features])[:, 1]
        return probabilities

    def effects(self, frame: pd.DataFrame, derive: Derive | None = None) -> pd.DataFrame:
        """Per row and signal: how much P(churn) falls when the signal is set to its typical
        (median) value — positive effects are what raise this account's risk. `derive`
        recomputes derived features (the health score) from the changed signals, so a
        signal's effect includes its effect through them."""
        own = [f for f in self.features if f != BASELINE or derive is None]

        def predict(rows: pd.DataFrame) -> np.ndarray:
            return self.predict_proba(derive(rows) if derive is not None else rows)

        return feature_effects(predict, frame, own, self.reference_)

    def summary(self) -> pd.DataFrame:
        """The backtest on the test snapshots: the model beside the health-score baseline."""
        self._fitted()
        rows = {f"model ({self.kind_})": self.metrics_}
        if self.baseline_ is not None:
            rows["health score"] = self.baseline_
        return pd.DataFrame(rows).T
