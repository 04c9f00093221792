"""Fixtures of the simulator behaviour tests: in-process models and the tiny scenario's truth files."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from genesys_sim.model import Model
from genesys_sim.process import ROOT
from genesys_sim.scenarios import get_scenario
from tests.simproc import TEST_ANCHOR

ANCHOR = date.fromisoformat(TEST_ANCHOR)


def run_truth(out, scenario: str = "tiny", *extra: str) -> subprocess.CompletedProcess:
    cmd = [
        sys.executable,
        "-m",
        "genesys_sim",
        "truth",
        "--scenario",
        scenario,
        "--anchor-date",
        TEST_ANCHOR,
        "--out",
        str(out),
        *extra,
    ]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


@pytest.fixture(scope="session")
def demo_model() -> Model:
    """The demo world, generated in-process (read-only: never republish or move its clock)."""
    return Model(get_scenario("demo"), ANCHOR)


@pytest.fixture(scope="session")
def tiny_model() -> Model:
    return Model(get_scenario("tiny"), ANCHOR)


@pytest.fixture(scope="session")
def tiny_truth(tmp_path_factory):
    """``python -m genesys_sim truth --scenario tiny`` written once per session."""
    out = tmp_path_factory.mktemp("truth-tiny")
    run_truth(out)
    return out


from tests.sim.demo_cases import api_bus, api_users, apis  # noqa: E402, F401  (pytest fixtures of the hard-case tests)
