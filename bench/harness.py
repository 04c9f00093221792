"""The benchmark harness: stages in child processes, private installations, the simulator's CPU and memory.

Every stage runs in its own process so its peak resident memory (``wait4``) and CPU time are its own; the
simulator runs in another (its CPU time and peak from /proc), because in production its work happens on
Genesys' servers, not on this machine.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from tempfile import mkdtemp

from bench.minimum import minimum_requests
from bench.stage import WINDOWS
from genesys_sim.connect import secret_env, write_orgs_file
from genesys_sim.model import Model
from genesys_sim.scenarios import get_scenario
from pipelines.genesys.helpers import Windows
from scripts import dbt_sources

ROOT = Path(__file__).resolve().parents[1]
ANCHOR = "2026-11-23"
LOGS = Path(mkdtemp(prefix="wfm_bench_logs_"))


def child(args: list[str], env: dict | None = None) -> tuple[dict | str, float, float, float]:
    """Run a child to completion: (its last stdout line as JSON, or its raw stdout, wall s, peak RSS MiB,
    CPU seconds)."""
    began = time.monotonic()
    log = LOGS / f"{int(time.time() * 1000)}.log"
    with open(log, "w") as stderr:
        proc = subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=stderr, text=True, env={**os.environ, **(env or {})}, cwd=ROOT
        )
        out = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - began
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(args[:4])} failed (log: {log}):\n{out[-2000:]}\n{log.read_text()[-3000:]}")
    last = out.strip().splitlines()[-1] if out.strip() else ""
    try:
        result = json.loads(last)
    except json.JSONDecodeError:
        result = out
    return result, round(wall, 1), round(usage.ru_maxrss / 1024), round(usage.ru_utime + usage.ru_stime, 1)


def stage(kind: str, spec: dict, env: dict, sim=None) -> dict:
    sim_cpu = sim_cpu_s(sim) if sim else 0.0
    result, wall, rss, cpu = child([sys.executable, "-m", "bench.stage", kind, json.dumps(spec)], env)
    out = {**result, "process_wall_s": wall, "peak_rss_mib": rss, "cpu_s": cpu}
    if sim:  # the API's work: in production it happens on Genesys' servers, not on this machine
        out["sim_cpu_s"] = round(sim_cpu_s(sim) - sim_cpu, 1)
    return out


def sim_cpu_s(sim) -> float:
    fields = Path(f"/proc/{sim.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def sim_peak_mib(sim) -> int:
    for line in Path(f"/proc/{sim.process.pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024)
    return -1


class Install:
    """A private wfm-hub installation (orgs file, secrets, warehouse) pointed at one simulator."""

    def __init__(self, sim, name: str, extract: dict):
        self.dir = Path(mkdtemp(prefix=f"wfm_bench_{name}_"))
        keys = [o["api_base_url"].rstrip("/").rsplit("/", 1)[-1] for o in sim.orgs]
        self.env = {
            "WFM_HUB_ORGS": str(write_orgs_file(sim.orgs, self.dir / "orgs.toml", extract)),
            "WFM_HUB_WAREHOUSE": str(self.dir / "wfm_hub.duckdb"),
            "WFM_HUB_PIPELINES_DIR": str(self.dir / "pipelines"),
            "WFM_HUB_ORG_KEYS": ",".join(keys),
            **secret_env(sim.orgs),
        }
        self.keys = keys
        self.extract = extract

    def dbt_build(self, window: dict | None = None) -> dict:
        """dbt build on a copy of the project whose generated sources name this installation's orgs; with
        ``window`` (dbt vars, pipelines.genesys.helpers.window_vars) the incremental facts rebuild only it."""
        project = self.dir / "dbt_project"
        if not project.exists():
            shutil.copytree(
                ROOT / "dbt_project", project, ignore=shutil.ignore_patterns("target", "logs", "dbt_packages")
            )
            dbt_sources.write(project, self.keys)
        dbt = str(Path(sys.executable).with_name("dbt"))
        out, wall, rss, _ = child(
            [
                dbt,
                "build",
                *(["--vars", json.dumps(window)] if window else []),
                "--project-dir",
                str(project),
                "--profiles-dir",
                str(project),
                "--target-path",
                str(self.dir / "dbt_target"),
                "--log-path",
                str(self.dir / "dbt_logs"),
            ],
            self.env,
        )
        text = out if isinstance(out, str) else json.dumps(out)
        if " ERROR=0 " not in text:  # warn-severity tests may warn (dbt then says "Completed with N warnings")
            raise RuntimeError(f"dbt build failed:\n{text[-3000:]}")
        return {"wall_s": wall, "peak_rss_mib": rss, "summary": text.strip().splitlines()[-1]}

    def warehouse_mib(self) -> float:
        return round((self.dir / "wfm_hub.duckdb").stat().st_size / 2**20, 1)


def settings(days: int, **over) -> dict:
    base = {
        "backfill_days": days,
        "schedule_days_back": 14,
        "schedule_days_ahead": 14,
        "adherence_days_back": 3,
        "volume_days_back": 3,
        "time_off_days_ahead": 42,
        "rate_limit_per_minute": 300,
        "max_retries": 6,
        "request_timeout_seconds": 300,
        "job_deadline_seconds": 1800,
    }
    return {**base, **over}


def windows_of(org: dict) -> Windows:
    """The windows a stage's org ran over (``bench.stage`` writes them as ISO dates)."""
    return Windows(*[tuple(date.fromisoformat(d) for d in org["windows"][k]) for k in WINDOWS])


def with_minimum(run: dict, sim, scenario: str, orgs: int | None = None) -> dict:
    """Requests made vs the minimum, per org; 429s as a share of requests."""
    model = Model(get_scenario(scenario, orgs=orgs), date.fromisoformat(ANCHOR))
    stats = sim.stats()
    made = minimum = status_429 = 0
    for key, org in run["orgs"].items():
        org["minimum_requests"] = minimum_requests(model, key, windows_of(org))
        org["sim_requests"] = stats[key]["requests"]
        made, minimum, status_429 = (
            made + stats[key]["requests"],
            minimum + org["minimum_requests"],
            status_429 + stats[key]["status429"],
        )
    run["requests"], run["minimum_requests"] = made, minimum
    run["requests_over_minimum_pct"] = round((made / minimum - 1) * 100, 2)
    run["status_429_pct"] = round(status_429 / made * 100, 3)
    return run


def machine() -> dict:
    from importlib.metadata import version

    import dbt.version
    import dlt
    import duckdb

    meminfo, cpuinfo = Path("/proc/meminfo").read_text().splitlines(), Path("/proc/cpuinfo").read_text().splitlines()
    mem = next(int(line.split()[1]) for line in meminfo if line.startswith("MemTotal"))
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "?")
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(mem / 2**20, 1),
        "python": platform.python_version(),
        "dlt": dlt.__version__,
        "duckdb": duckdb.__version__,
        "dbt_core": dbt.version.__version__,
        "dagster": version("dagster"),
    }
