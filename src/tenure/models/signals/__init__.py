"""Per-account, point-in-time signals: what was known about each account on a given day.

`catalogue` (engine-free) names and describes every signal, for settings validation and
docs; `build` compiles them to one Ibis expression per snapshot date set.
"""
