"""Executive review packs: per account and for the company, as HTML and PDF.

`build_pack` gathers the sections through the Workspace (metrics, feedback, health, risk,
goals, tasks — each when it exists); `render` turns a pack into a self-contained HTML
page or a PDF, with charts rendered offline to SVG.
"""

from tenure.reports.model import Pack, Section
from tenure.reports.pack import ReportError, build_pack
from tenure.reports.render import FORMATS, render, render_html, render_pdf

__all__ = [
    "FORMATS",
    "Pack",
    "ReportError",
    "Section",
    "build_pack",
    "render",
    "render_html",
    "render_pdf",
]
