"""Explain: built on the metric engine (registered once it exists)."""
