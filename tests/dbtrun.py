"""Run dbt against a private warehouse (its own target and log dirs, so runs never collide)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT = ROOT / "dbt_project"
DBT = str(Path(sys.executable).with_name("dbt"))


def run_dbt(args: list[str], workdir: Path, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    cmd = [
        DBT,
        *args,
        "--project-dir",
        str(PROJECT),
        "--profiles-dir",
        str(PROJECT),
        "--target-path",
        str(workdir / "dbt_target"),
        "--log-path",
        str(workdir / "dbt_logs"),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, env=full_env, timeout=900)
    if check and done.returncode != 0:
        raise AssertionError(f"dbt {' '.join(args)} failed:\n{done.stdout[-6000:]}\n{done.stderr[-2000:]}")
    return done
