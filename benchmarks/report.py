"""The markdown summary of a bench run (benchmarks/results/latest.md), targets beside."""

from __future__ import annotations

from typing import Any

#: (key, label, target text, meets(value)) of the headline figures.
TARGETS: tuple[tuple[str, str, str, Any], ...] = (
    ("suite_cold_s", "metric suite, cold (s)", "≤ 60 on L", lambda v: v <= 60),
    ("suite_warm_s", "metric suite, warm (s)", "≤ 20 on L", lambda v: v <= 20),
    ("peak_rss_gib", "peak memory of the suite (GiB)", "≤ 8", lambda v: v <= 8),
    ("floor_ratio", "suite cold ÷ physical floor", "≤ 3×", lambda v: v <= 3),
    ("pandas_ratio", "pandas ÷ tenure, same metrics", "≥ 3×", lambda v: v >= 3),
    ("parquet_import_rows_per_s", "Parquet import (rows/s)", "≥ 1,000,000", lambda v: v >= 1e6),
    ("csv_import_rows_per_s", "CSV import, validated (rows/s)", "≥ 250,000", lambda v: v >= 2.5e5),
    ("api_p95_ms", "API p95 at 20 clients (ms)", "≤ 200 on L", lambda v: v <= 200),
    ("incremental_ratio", "one-day refresh ÷ full refresh", "≤ 5 % on L", lambda v: v <= 0.05),
)


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}"


def _headline(payload: dict[str, Any]) -> list[str]:
    lines = ["| figure | value | company | target | met |", "|---|---|---|---|---|"]
    for key, label, target, meets in TARGETS:
        value = payload.get(key)
        if value is None:
            lines.append(f"| {label} | not measured | — | {target} | — |")
            continue
        company = payload.get(f"{key}_company", "")
        met = ("yes" if company == "L" else "not on L") if meets(value) else "no"
        lines.append(f"| {label} | {_number(value)} | {company} | {target} | {met} |")
    return lines


def _company(size: str, figures: dict[str, Any]) -> list[str]:
    lines = [f"## Company {size}", ""]
    total = sum(figures["rows"].values())
    lines.append(f"{total:,} rows: " + ", ".join(f"{t} {n:,}" for t, n in figures["rows"].items()))
    lines.append("")
    if figures.get("runs"):
        runs = ", ".join(f"{part} {n}" for part, n in sorted(figures["runs"].items()))
        lines.append(f"- runs of which each figure is the median: {runs}")
    for suffix in ("parquet", "csv"):
        found = figures.get("imports", {}).get(suffix)
        if found:
            lines.append(
                f"- {suffix} import: {found['total_s']:.1f} s, "
                f"{found['total_rows_per_s']:,.0f} rows/s, {found['floor_ratio']:.1f}× DuckDB's "
                f"unchecked load; events {found['rows_per_s'].get('events', 0):,.0f} rows/s"
            )
    if "suite_cold_s" in figures:
        lines.append(
            f"- metric suite ({figures['suite_runs']} computations): cold "
            f"{figures['suite_cold_s']:.1f} s, warm {figures['suite_warm_s']:.2f} s, peak "
            f"{figures['peak_rss_gib']:.2f} GiB; floor {figures['floor_s']:.2f} s "
            f"(cold ÷ floor {figures['floor_ratio']:.0f}×)"
        )
    if "pandas_core_s" in figures:
        worst = max(figures["pandas_max_difference"].values())
        lines.append(
            f"- core metrics × 4 splits: pandas {figures['pandas_core_s']:.1f} s, tenure cold "
            f"{figures['tenure_core_s']:.1f} s (pandas ÷ tenure {figures['pandas_ratio']:.2f}); "
            f"largest difference between the two {worst:.2g}; pandas peak "
            f"{figures.get('pandas_peak_rss_gib', float('nan')):.1f} GiB"
        )
    if "pandas_stopped" in figures:
        lines.append(
            f"- pandas baseline stopped: it {figures['pandas_stopped']} "
            f"(peak {figures['pandas_peak_rss_gib']:.1f} GiB when stopped)"
        )
    if "scoring" in figures:
        s = figures["scoring"]
        extra = []
        if "risk_after_health_s" in s:
            extra.append(
                f"{s['risk_after_health_s']:.1f} s after health, which keeps the day's signals"
            )
        if "risk_explained_s" in s:
            extra.append(f"{s['risk_explained_s']:.1f} s with every account's drivers")
        told = "; ".join(extra)
        lines.append(
            f"- health {s['health_s']:.1f} s, risk fit {s['risk_fit_s']:.1f} s, "
            f"risk scoring {s['risk_score_s']:.1f} s" + (f" ({told})" if told else "")
        )
    if "incremental" in figures:
        i = figures["incremental"]
        lines.append(
            f"- refresh of {i['series']} series: whole {i['full_refresh_s']:.1f} s; after one "
            f"more day (imported in {i['day_import_s']:.1f} s) {i['incremental_refresh_s']:.1f} s "
            f"({_recomputed(i)}); with the day's import "
            f"{i.get('incremental_with_import_ratio', float('nan')):.2f} of the whole"
        )
    if "api" in figures:
        a = figures["api"]
        lines.append(
            f"- API, {a['clients']} clients: p50 {a['p50_ms']:.0f} ms, p95 {a['p95_ms']:.0f} ms, "
            f"p99 {a['p99_ms']:.0f} ms, {a['requests_per_s']:.1f} requests/s, "
            f"{a['errors']} errors"
            + (
                f"; the first (cold) visit took {a['first_visit_s']:.1f} s"
                if "first_visit_s" in a
                else ""
            )
        )
    return [*lines, ""]


def _peers(peers: dict[str, Any]) -> list[str]:
    found = peers.get("bgnbd_cdnow", {})
    theirs = found.get("lifetimes")
    if not isinstance(theirs, dict):
        return ["## Peers", "", f"- lifetimes: {theirs}", ""]
    ours = found["tenure"]
    pairs = [(k, ours["params"][k], theirs["params"][k]) for k in ours["params"]]
    params = ", ".join(f"{k} {mine:.4f} / {peer:.4f}" for k, mine, peer in pairs)
    return [
        "## Peers",
        "",
        f"- BG/NBD on CDNOW ({found['customers']:,} customers): tenure {ours['fit_s']:.2f} s, "
        f"lifetimes {theirs['fit_s']:.2f} s; parameters tenure / lifetimes: {params}",
        "",
    ]


def markdown(payload: dict[str, Any]) -> str:
    """The whole summary."""
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {payload['machine']}; each figure is the median of the runs listed under"
        " its company (imports, suite, pandas and refresh; scoring, the API load and the peers"
        " run once).",
        "",
        *_headline(payload),
        "",
    ]
    for size, figures in payload["companies"].items():
        lines.extend(_company(size, figures))
    if "peers" in payload:
        lines.extend(_peers(payload["peers"]))
    return "\n".join(lines)


def _recomputed(figures: dict[str, Any]) -> str:
    """What the one-day refresh recomputed: series per first period, whole, kept."""
    starts = figures.get("starts")
    if not starts:  # results of a run before per-series starts
        partial, whole = figures["partial"], figures["whole"]
        return f"{partial} series from {figures['recomputed_from']}, {whole} whole"
    parts = [f"{n} from {day}" for day, n in sorted(starts.items())]
    parts.append(f"{figures['whole']} whole")
    parts.append(f"{figures.get('unchanged', 0)} kept as they were")
    return "series recomputed: " + ", ".join(parts)
