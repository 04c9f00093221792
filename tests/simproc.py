"""The simulator as a real process for tests (see genesys_sim.process), pinned to one anchor date."""

from __future__ import annotations

from genesys_sim.process import Sim, token  # noqa: F401
from genesys_sim.process import start_sim as _start_sim

# Tests pin the anchor date: the demo's DST cases (Adelaide Oct 4, Europe Oct 25, US Nov 1 2026) all fall
# inside the 10-week window around it, and every figure is reproducible on any day.
TEST_ANCHOR = "2026-11-23"


def start_sim(scenario: str = "tiny", anchor: str = TEST_ANCHOR, *extra: str, timeout: float = 60) -> Sim:
    return _start_sim(scenario, anchor, *extra, timeout=timeout)
