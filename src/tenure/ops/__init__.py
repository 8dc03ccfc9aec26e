"""Customer-success operations: alerts → tasks, webhooks, upsell, portfolios, goals, benchmarks.

Each module computes through the Workspace (the metric engine, health and risk) and keeps
its own small tables (tasks, goals, webhook deliveries) through the workspace's Store.
`tenure.ops.settings` is engine-free: it only describes the `tenure.toml` sections.
"""
