from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = ROOT / "dbt_project" / "target" / "manifest.json"


def _dbt_files_newer_than_manifest() -> bool:
    if not MANIFEST.exists():
        return True
    built = MANIFEST.stat().st_mtime
    return any(
        p.stat().st_mtime > built
        for p in (ROOT / "dbt_project").rglob("*")
        if p.is_file() and p.suffix in (".sql", ".yml", ".csv") and "target" not in p.parts
    )


def pytest_configure(config):
    """The Dagster definitions read dbt's manifest at import: make sure it is current (make setup
    prepares it; this covers edits to the dbt project since)."""
    if _dbt_files_newer_than_manifest():
        env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}"}
        subprocess.run(
            [
                str(Path(sys.executable).with_name("dagster-dbt")),
                "project",
                "prepare-and-package",
                "--file",
                str(ROOT / "assets" / "project.py"),
            ],
            check=True,
            cwd=ROOT,
            env=env,
            capture_output=True,
        )


@pytest.fixture
def dagster_instance():
    import dagster as dg

    with dg.instance_for_test() as instance:
        yield instance
