"""The metric catalogue and engine.

Metrics are data: `tenure.metrics.catalogue` declares every metric once (engine-free), and
`tenure.metrics.compiler` turns a request into one Ibis expression. This package's
`__init__` imports nothing so that the engine-free settings (`tenure.config`) can use
`tenure.metrics.conventions` without loading a database library.
"""
