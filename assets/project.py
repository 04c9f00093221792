"""The dbt project only: the target of `dagster-dbt project prepare-and-package` at setup."""

from __future__ import annotations

import os
from pathlib import Path

from dagster_dbt import DbtProject

ROOT = Path(__file__).resolve().parents[1]

dbt_project = DbtProject(
    project_dir=ROOT / "dbt_project",
    profiles_dir=ROOT / "dbt_project",
    target=os.environ.get("WFM_HUB_DBT_TARGET", "duckdb"),
)
