"""Shared fixtures: a real simulator process per scenario, started once per test session."""

from __future__ import annotations

import pytest

from tests.simproc import TEST_ANCHOR, start_sim


@pytest.fixture(scope="session")
def tiny_sim():
    sim = start_sim("tiny", TEST_ANCHOR)
    yield sim
    sim.stop()


@pytest.fixture(scope="session")
def demo_sim():
    sim = start_sim("demo", TEST_ANCHOR)
    yield sim
    sim.stop()


@pytest.fixture
def fresh_tiny_sim():
    """A private simulator for tests that inject faults or change state."""
    sim = start_sim("tiny", TEST_ANCHOR, "--token-ttl", "3600")
    yield sim
    sim.stop()
