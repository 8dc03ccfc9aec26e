"""The fitted churn-risk model kept in the workspace folder (joblib, with a version stamp),
and the scores table `tenure_risk_scores`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import joblib
import sklearn

from tenure import __version__
from tenure.models import MODEL_FILE
from tenure.models.errors import RiskError
from tenure.models.risk.fitter import ChurnRiskModel

if TYPE_CHECKING:
    from tenure.workspace import Workspace

MODEL_PATH = Path(MODEL_FILE)
#: Bumped when the saved payload changes shape; older files must be refitted.
FORMAT = 1


def model_path(ws: Workspace) -> Path:
    return ws.folder / MODEL_PATH


def save_model(ws: Workspace, model: ChurnRiskModel) -> Path:
    """Write the model with the versions it was made with."""
    path = model_path(ws)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "format": FORMAT,
        "tenure": __version__,
        "sklearn": sklearn.__version__,
        "model": model,
    }
    joblib.dump(payload, path)
    return path


def load_model(ws: Workspace) -> ChurnRiskModel | None:
    """The saved model, None when there is none; a clear error when it cannot be used."""
    path = model_path(ws)
    if not path.is_file():
        return None
    try:
        payload: dict[str, Any] = joblib.load(path)
    except Exception as error:  # a corrupt or foreign file
        raise RiskError(f"{path} cannot be read ({error}); run `tenure risk fit`") from None
    if payload.get("format") != FORMAT or payload.get("sklearn") != sklearn.__version__:
        raise RiskError(
            f"{path} was saved by another version (format {payload.get('format')}, "
            f"scikit-learn {payload.get('sklearn')}); run `tenure risk fit`"
        )
    model = payload["model"]
    if not isinstance(model, ChurnRiskModel):
        raise RiskError(f"{path} holds no churn-risk model; run `tenure risk fit`")
    return model
