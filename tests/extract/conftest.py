from __future__ import annotations

import pytest

from genesys_sim.model import Model
from genesys_sim.scenarios import get_scenario
from genesys_sim.truth import entity_counts
from tests.simproc import start_sim
from tests.warehouse import ANCHOR, fast_extract, run_pipeline


@pytest.fixture(scope="module")
def tiny_truth() -> dict[tuple[str, str], int]:
    model = Model(get_scenario("tiny"), ANCHOR)
    return {(org, entity): rows for org, entity, rows in entity_counts(model)}


@pytest.fixture(scope="module")
def tiny_load(tmp_path_factory):
    """The tiny scenario loaded once (first run = 8-week backfill) into a private warehouse."""
    sim = start_sim("tiny")
    workdir = tmp_path_factory.mktemp("tiny_load")
    report = run_pipeline(sim, workdir, fast_extract())
    yield sim, workdir, report
    sim.stop()
