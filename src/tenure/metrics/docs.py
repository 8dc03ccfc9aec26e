"""Render `docs/metrics.md` and `docs/conventions.md` from the catalogue (engine-free).

A test regenerates both pages and fails when they differ from the committed files.
"""

from __future__ import annotations

from typing import Any

from tenure.metrics.catalogue import METRICS
from tenure.metrics.conventions import Conventions
from tenure.metrics.presets import PRESETS, VENDOR_CONVENTIONS
from tenure.metrics.spec import Metric

_GENERATED = (
    "<!-- Generated from src/tenure/metrics by `tenure metrics {command} --markdown`;"
    " do not edit. -->"
)

METRICS_HEADER = f"""\
# Metrics

{_GENERATED.format(command="list")}

Every metric tenure computes, declared once in the catalogue. Ask for any of them with
`tenure metrics show KEY` or `Workspace.metric(key, grain, start, end, by, where)`; the
result has one row per period (`period` = ISO date of the period's first day) and segment,
with `value` and, for ratios, `numerator` and `denominator`. Rates are fractions (0.05).
`Workspace.metric_splits(key, grain, start, end, splits=[(), ("plan",), …])` gives the
same tables for several splits at once, computed by one query where it can.

How time is counted:

- Days are calendar days (UTC). A subscription is active on day d when
  `started_at ≤ d < ended_at` (dates compared; empty `ended_at` = still active).
- A value "at the end of the period" is taken on the period's **last day** (31 March for
  March, 31 December for a year, Sunday for an ISO week). The start of a period is the
  end of the day before it, so period P's movements carry MRR from the end of P−1 to the
  end of P, and `start` of P equals `end` of P−1.
- Each subscription's MRR is exact to 6 decimal places (truncated there; $2,000 a year is
  166.666666); all later arithmetic adds and subtracts exactly. Round only to display.
- Movements are computed per account and per day: on each day an account's MRR changes,
  the change is new (first payment), reactivation (payment after churn), expansion,
  contraction (still paying) or churn (no paying subscription left).

Segments (`by`) and filters (`where`) accept any `accounts` column, including attribute
columns added at import, plus `plan`, `team` (the CSM's team) and `cohort` (month of the
first payment). Metrics marked "team" accept only `team`.
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def metric_section(metric: Metric) -> str:
    """One metric's documentation."""
    facts = [
        f"- **Kind**: {metric.kind}; **unit**: {metric.unit}; **better**: {metric.direction}",
        f"- **Tables**: {', '.join(f'`{t}`' for t in metric.tables)}",
        f"- **Grains**: {metric.min_grain} and coarser"
        + ("" if metric.segments == "accounts" else f"; **segments**: {metric.segments} only"),
    ]
    if metric.conventions:
        facts.append(f"- **Conventions**: {', '.join(f'`{c}`' for c in metric.conventions)}")
    if metric.columns:
        facts.append(f"- **Columns**: {', '.join(f'`{c}`' for c in metric.columns)}")
    if metric.parts:
        parts = "; ".join(f"`{p.name}` ({p.unit}): {p.description}" for p in metric.parts)
        facts.append(f"- **Parts**: {parts}")
    if metric.dimensions:
        dims = ", ".join(f"`{d}`" for d in metric.dimensions)
        facts.append(f"- **Row dimensions** (accepted by `by` and `where`): {dims}")
    if not metric.explain_accounts:
        facts.append("- **Explain**: components only (the value is not a sum over accounts)")
    body = [
        f"## `{metric.key}` — {metric.name}",
        "",
        metric.description,
        "",
        metric.formula,
        "",
        *facts,
    ]
    return "\n".join(body) + "\n"


def metrics_markdown() -> str:
    """The whole `docs/metrics.md` page."""
    index = ["| key | name | kind | unit |", "|---|---|---|---|"]
    index += [f"| `{m.key}` | {_cell(m.name)} | {m.kind} | {m.unit} |" for m in METRICS]
    sections = "\n".join(metric_section(m) for m in METRICS)
    return METRICS_HEADER + "\n" + "\n".join(index) + "\n\n" + sections


CONVENTIONS_HEADER = f"""\
# Conventions and presets

{_GENERATED.format(command="conventions")}

Subscription-analytics vendors disagree on how to count churn, new business and MRR, and
their numbers differ for the same data. In tenure each of these choices is a named setting
with a documented default, set in `tenure.toml`:

```toml
[metrics]
preset = "default"            # default, seed, chartmogul, baremetrics, stripe, profitwell

[metrics.conventions]         # optional overrides of the preset
churn_window_days = 30
```

A request may name another preset (`tenure metrics show KEY --preset stripe`, or
`Workspace.metric(..., preset="stripe")`): it replaces every vendor convention, while
company facts (gross margin, renewal grace, thresholds) stay as the workspace sets them.
Order of precedence: defaults ← workspace preset ← workspace conventions ← request preset
← request overrides.
"""


def _value(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ", ".join(f"`{v}`" for v in value)
    return f"`{value}`" if isinstance(value, str) else str(value)


def _choices(name: str) -> str:
    annotation = Conventions.model_fields[name].annotation
    if annotation is bool:
        return "`true`, `false`"
    if getattr(annotation, "__origin__", None) is tuple:
        return "list of event names"
    args = getattr(annotation, "__args__", ())
    listed = ", ".join(f"`{a}`" for a in args if isinstance(a, str))
    if listed:
        return listed
    kind = "days" if name.endswith("_days") else "number"
    return f"{kind}, or empty" if type(None) in args else kind


def conventions_table() -> list[str]:
    lines = ["| setting | default | choices | meaning |", "|---|---|---|---|"]
    for name, info in Conventions.model_fields.items():
        choices = _choices(name)
        meaning = _cell(info.description or "")
        lines.append(f"| `{name}` | {_value(info.default)} | {choices} | {meaning} |")
    return lines


def presets_section() -> list[str]:
    header = "| preset | " + " | ".join(f"`{c}`" for c in VENDOR_CONVENTIONS) + " |"
    lines = ["## Presets", "", header, "|---|" + "---|" * len(VENDOR_CONVENTIONS)]
    for preset in PRESETS.values():
        values = preset.conventions
        cells = " | ".join(_value(values[c]) for c in VENDOR_CONVENTIONS)
        lines.append(f"| `{preset.name}` | {cells} |")
    for preset in PRESETS.values():
        lines += ["", f"### `{preset.name}` — {preset.title}", ""]
        lines += [f"- {_cell(text)}" for text in preset.follows]
    return lines


def conventions_markdown() -> str:
    """The whole `docs/conventions.md` page."""
    body = ["## Settings", "", *conventions_table(), "", *presets_section()]
    return CONVENTIONS_HEADER + "\n" + "\n".join(body) + "\n"
