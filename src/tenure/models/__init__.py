"""Statistical models on the workspace's data: point-in-time account signals (`signals`),
health scorecards (`health`), churn risk (`risk`), CLV and contractual retention (`clv`)."""

#: Tables the models keep in the workspace database (dropped by `Workspace.reset`).
MODEL_TABLES = ("tenure_health_history", "tenure_risk_scores")
#: The saved churn-risk model, relative to the workspace folder.
MODEL_FILE = "models/churn_risk.joblib"
