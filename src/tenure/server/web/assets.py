"""Static assets served locally (no CDN): our CSS/JS, the vega-embed bundle, Swagger UI.

The vega-embed bundle (Vega, Vega-Lite, vega-embed) comes from the `vl-convert-python`
package; it is built once per process, on first use, and cached in memory and on disk.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, Response

STATIC = Path(__file__).resolve().parent.parent / "static"
VEGA_PATH = "/static/vendor/vega-embed.js"
SWAGGER_PATH = "/static/vendor/swagger"
CACHE_ENV = "TENURE_CACHE_DIR"

router = APIRouter(include_in_schema=False)
_lock = threading.Lock()


def _cache_file() -> Path:
    import vl_convert

    version = getattr(vl_convert, "__version__", "unknown")
    base = Path(os.environ.get(CACHE_ENV) or Path(tempfile.gettempdir()) / "tenure-cache")
    return base / f"vega-embed-{version}.js"


@lru_cache(maxsize=1)
def vega_bundle() -> bytes:
    """The vega-embed bundle (it sets `window.vegaEmbed`), from the disk cache or built."""
    with _lock:
        cached = _cache_file()
        if cached.is_file():
            return cached.read_bytes()
        import vl_convert

        text: str = vl_convert.javascript_bundle(None)  # type: ignore[arg-type]
        data = text.encode()
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            staging = cached.with_suffix(f".{os.getpid()}.tmp")
            staging.write_bytes(data)
            staging.replace(cached)
        except OSError:
            pass  # a read-only cache only costs the rebuild
        return data


def vega_etag() -> str:
    """A strong ETag of the bundle."""
    return hashlib.sha256(vega_bundle()).hexdigest()[:16]


@router.get(VEGA_PATH)
def vega_embed(request: Request) -> Response:
    """Serve the bundle (cached by the browser for a day)."""
    etag = f'"{vega_etag()}"'
    headers = {"Cache-Control": "public, max-age=86400", "ETag": etag}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(vega_bundle(), media_type="text/javascript", headers=headers)


@router.get("/docs")
def api_docs() -> HTMLResponse:
    """Swagger UI for the OpenAPI schema, from the locally installed bundle."""
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="tenure API",
        swagger_js_url=f"{SWAGGER_PATH}/swagger-ui-bundle.js",
        swagger_css_url=f"{SWAGGER_PATH}/swagger-ui.css",
        swagger_favicon_url="/static/favicon.svg",
    )


def swagger_folder() -> Path:
    """Where the `swagger-ui-bundle-v2` package keeps Swagger UI."""
    from swagger_ui_bundle import swagger_ui_path

    return Path(swagger_ui_path)
