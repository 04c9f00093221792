"""Resources: the dbt CLI. The warehouse itself is configuration (pipelines.warehouse)."""

from __future__ import annotations

import sys
from pathlib import Path

from dagster_dbt import DbtCliResource

from .project import dbt_project


def dbt_resource() -> DbtCliResource:
    # The dbt beside this interpreter: DbtCliResource fails to load when `dbt` is not on PATH.
    return DbtCliResource(
        project_dir=dbt_project,
        profiles_dir=str(dbt_project.profiles_dir),
        dbt_executable=str(Path(sys.executable).with_name("dbt")),
    )
