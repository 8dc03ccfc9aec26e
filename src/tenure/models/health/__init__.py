"""Health scorecards: signals scored 0–100 by thresholds or linear bands, weighted into
groups and a score, tiered red/yellow/green, with a trend and a kept history.

`settings` (engine-free) declares the cards; `scoring` is the pure math; `service`
computes cards for a workspace.
"""
