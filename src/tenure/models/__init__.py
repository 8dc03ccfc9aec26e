"""Statistical models on the workspace's data: CLV and contractual retention (`clv`)."""
