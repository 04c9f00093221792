"""Shared by ``make demo`` and ``make dev``: a simulator process and the environment pointing at it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


def configure(sim_orgs: list[dict], anchor: str) -> dict[str, str]:
    """Orgs file, secrets, warehouse, Dagster home: set in this process's environment and returned."""
    from genesys_sim.connect import secret_env, write_orgs_file
    from pipelines.environment import environment

    home = DATA / "dagster_home"
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "dagster.yaml", home / "dagster.yaml")
    env = {
        "WFM_HUB_ORGS": str(write_orgs_file(sim_orgs, DATA / "demo" / "orgs.toml")),
        "WFM_HUB_WAREHOUSE": str(environment().warehouse),
        "WFM_HUB_TODAY": anchor,
        "DAGSTER_HOME": str(home),
        **secret_env(sim_orgs),
    }
    os.environ.update(env)
    return env
