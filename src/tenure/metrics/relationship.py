"""Builders: relationship."""

from __future__ import annotations
