"""Render a pack to HTML (one self-contained page: inline styles and SVG charts) or PDF."""

from __future__ import annotations

import tempfile
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from tenure import __version__
from tenure.reports.model import Pack
from tenure.reports.pdf import html_to_pdf

TEMPLATES = Path(__file__).resolve().parent / "templates"
FORMATS = ("html", "pdf")

_env = Environment(
    loader=FileSystemLoader(str(TEMPLATES)),
    autoescape=select_autoescape(("html",)),
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_html(pack: Pack) -> str:
    """The pack as one self-contained HTML page."""
    style = (TEMPLATES / "pack.css").read_text(encoding="utf-8")
    template = _env.get_template("pack.html")
    return template.render(pack=pack, style=style, version=__version__)


def render_pdf(pack: Pack) -> bytes:
    """The pack as PDF bytes (printed by headless Chromium)."""
    with tempfile.TemporaryDirectory(prefix="tenure-pack-") as scratch:
        path = html_to_pdf(render_html(pack), Path(scratch) / "pack.pdf")
        return path.read_bytes()


def render(pack: Pack, format: str) -> bytes:
    """The pack as `html` (UTF-8) or `pdf` bytes."""
    if format == "html":
        return render_html(pack).encode("utf-8")
    if format == "pdf":
        return render_pdf(pack)
    raise ValueError(f"unknown report format {format!r}; use html or pdf")
