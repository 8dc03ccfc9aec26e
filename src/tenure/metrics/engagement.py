"""Builders: engagement."""

from __future__ import annotations
