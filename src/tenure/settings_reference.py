"""Render every `tenure.toml` setting as Markdown: `docs/configuration.md` is generated
from the typed settings (`tenure.config.Settings`), so the page cannot drift from the code.

Each section becomes a table of its settings with their defaults and descriptions; a
setting that is itself a table of settings (an alert rule, a scale) gets its own section.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from tenure.config import Settings

HEADER = """\
# Configuration

<!-- Generated from src/tenure/config.py by `tenure settings --markdown`; do not edit. -->

A workspace's settings live in `tenure.toml` in its folder (`tenure init` writes a
commented one). Every section and key is optional: what is absent takes the default shown
here. A wrong key or value stops every command with one line naming it. The metric
conventions of `[metrics]` are explained with examples in
[conventions.md](conventions.md); health and risk in
[health-and-risk.md](health-and-risk.md).
"""


def settings_markdown() -> str:
    """The whole `docs/configuration.md` page."""
    lines = [HEADER]
    for name, info in Settings.model_fields.items():
        key = info.alias or name
        lines += _section(key, info.default)
    return "\n".join(lines).rstrip("\n") + "\n"


def _section(path: str, model: BaseModel) -> list[str]:
    """`[path]`: a table of its plain settings, then a section per nested table."""
    lines = [f"## `[{path}]`", ""]
    doc = " ".join((type(model).__doc__ or "").split("\n\n")[0].split())
    if doc:
        lines += [doc, ""]
    plain, nested = _split(model)
    if plain:
        lines += ["| key | default | meaning |", "|---|---|---|"]
        for key, name in plain:
            default = _toml(getattr(model, name))
            meaning = _cell(_description(type(model), name) or "")
            lines.append(f"| `{key}` | `{default}` | {meaning} |")
        lines.append("")
    for key, value in nested:
        lines += _section(f"{path}.{key}", value)
    return lines


def _split(model: BaseModel) -> tuple[list[tuple[str, str]], list[tuple[str, BaseModel]]]:
    """The model's plain settings (TOML key, attribute) and its nested tables (TOML key)."""
    plain: list[tuple[str, str]] = []
    nested: list[tuple[str, BaseModel]] = []
    for name, info in type(model).model_fields.items():
        key = info.alias or name
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            nested.append((key, value))
        elif (
            isinstance(value, dict)
            and value
            and all(isinstance(v, BaseModel) for v in value.values())
        ):
            nested += [(f"{key}.{k}", v) for k, v in value.items()]
        else:
            plain.append((key, name))
    return plain, nested


def _description(model: type[BaseModel], name: str) -> str | None:
    """The field's description, else the one of the class it overrides a default of."""
    for cls in model.__mro__:
        fields = getattr(cls, "model_fields", {})
        if name in fields and fields[name].description:
            return str(fields[name].description)
    return None


def _toml(value: Any) -> str:
    """A default as it would be written in TOML."""
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json", by_alias=True)
    if isinstance(value, list | tuple):
        value = [
            v.model_dump(mode="json", by_alias=True, exclude_defaults=True)
            if isinstance(v, BaseModel)
            else v
            for v in value
        ]
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "(none)"
    return json.dumps(value, default=str, ensure_ascii=False)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")
