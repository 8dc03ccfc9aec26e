"""Print a pack's HTML to PDF with a headless Chromium, offline (Debian's `chromium`).

The page holds everything inline (styles, SVG charts), so the browser fetches nothing;
its background services are switched off and it runs with a throw-away profile.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tenure.errors import TenureError

BROWSER_ENV = "TENURE_CHROMIUM"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT_SECONDS = 120
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-pdf-header-footer",
)


class PdfError(TenureError):
    """The PDF could not be printed."""


def find_browser() -> str:
    """`TENURE_CHROMIUM`, else the first Chromium on the PATH (`make system-deps` installs it)."""
    named = os.environ.get(BROWSER_ENV)
    for candidate in (named,) if named else BROWSERS:
        found = shutil.which(candidate)
        if found:
            return found
    raise PdfError(
        "no Chromium found for printing PDF (run `make system-deps`, or set TENURE_CHROMIUM)"
    )


def html_to_pdf(html: str, output: Path) -> Path:
    """Print `html` to the PDF file `output`."""
    browser = find_browser()
    with tempfile.TemporaryDirectory(prefix="tenure-pdf-") as scratch:
        folder = Path(scratch)
        page, printed = folder / "pack.html", folder / "pack.pdf"
        page.write_text(html, encoding="utf-8")
        command = [
            browser,
            *FLAGS,
            f"--user-data-dir={folder / 'profile'}",
            f"--print-to-pdf={printed}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False
            )
        except subprocess.TimeoutExpired:
            raise PdfError(f"Chromium did not print the PDF within {TIMEOUT_SECONDS} s") from None
        if not printed.is_file() or printed.stat().st_size == 0:
            reason = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
            raise PdfError(f"Chromium did not print the PDF: {reason[0]}")
        output.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(printed, output)
    return output
