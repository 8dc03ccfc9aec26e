"""Builders: adoption."""

from __future__ import annotations
