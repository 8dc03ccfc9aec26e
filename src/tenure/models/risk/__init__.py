"""Churn risk: P(a paying account churns within N days), learned from the workspace's own
history with point-in-time signals, backtested on a time split against the health score.

`settings` is engine-free; `dataset` builds the snapshots; `fitter` is the model;
`evaluation` the backtest figures; `service` ties them to a workspace.
"""
