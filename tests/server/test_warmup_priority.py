"""The start-up warm-up runs below the priority of the requests it serves beside."""

from __future__ import annotations

import os
import sys
import threading

import pytest

from tenure.server import warmup


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread priority: Linux")
def test_the_warm_up_thread_yields_to_requests() -> None:
    found: dict[str, int] = {}

    def run() -> None:
        thread = threading.get_native_id()
        found["before"] = os.getpriority(os.PRIO_PROCESS, thread)
        warmup.lower_priority()
        found["after"] = os.getpriority(os.PRIO_PROCESS, thread)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    assert found["after"] == min(found["before"] + warmup.NICENESS, 19)
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == found["before"]
