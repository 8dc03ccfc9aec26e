"""A demo company in a new workspace, for the metric tests that need a whole company."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tenure.demo import DemoSpec, write_parquet
from tenure.demo.load import import_demo
from tenure.workspace import Workspace


@contextmanager
def demo_company(root: Path, spec: DemoSpec, cached: bool = True) -> Iterator[Workspace]:
    """A workspace in `root` holding the company `spec` generates (files in root/files);
    without the result cache unless `cached` (tests that compare two ways of computing)."""
    write_parquet(spec, root / "files")
    with Workspace.init(root / "ws") as ws:
        import_demo(ws, root / "files")
        if not cached:
            ws.settings.workspace.result_cache = "off"
        yield ws
