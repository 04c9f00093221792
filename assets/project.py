"""The dbt project only: the target of `dagster-dbt project prepare-and-package` at setup."""

from __future__ import annotations

from pathlib import Path

from dagster_dbt import DbtProject

from pipelines.environment import environment

ROOT = Path(__file__).resolve().parents[1]

dbt_project = DbtProject(
    project_dir=ROOT / "dbt_project",
    profiles_dir=ROOT / "dbt_project",
    target=environment().dbt_target,
)
