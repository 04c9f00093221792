"""``make bench``: speed, memory and request figures of wfm-hub against the simulator.

Stages run in child processes (their peak resident memory is read from ``wait4``); the simulator
runs in its own process (its peak from /proc). Results go to ``bench/results/<profile>.json`` and
into the results section of docs/benchmarks.md. Profiles: ``standard`` (what ``make bench`` runs,
about 30 minutes on 2 cores) and ``full`` (every point of the scale curve up to 10 orgs x 31 days).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from tempfile import mkdtemp

from assets.extract import DIMENSIONS
from bench.minimum import minimum_requests
from genesys_sim.connect import secret_env, write_orgs_file
from genesys_sim.model import Model
from genesys_sim.process import start_sim
from genesys_sim.scenarios import get_scenario
from pipelines.config import ExtractSettings
from pipelines.genesys.helpers import Windows, window_vars
from scripts import dbt_sources

ROOT = Path(__file__).resolve().parents[1]
ANCHOR = "2026-11-23"
LOGS = Path(mkdtemp(prefix="wfm_bench_logs_"))
PROFILES = {
    "standard": {"load_rows": 200_000, "curve": [(1, 7), (2, 7), (5, 7), (1, 31)], "serial_orgs": 10},
    "full": {"load_rows": 500_000, "curve": [(o, d) for d in (7, 31) for o in (1, 2, 5, 10)], "serial_orgs": 10},
    "smoke": {"load_rows": 20_000, "curve": [(1, 7)], "serial_orgs": 2},  # checks the harness itself
}
# request-bound resources (the directory, plus time off): the parallel-vs-serial comparison
DIRECTORY = [*DIMENSIONS, "time_off_requests"]


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
        ``window`` (dbt vars, assets/transform.py window_vars) the incremental facts rebuild only it."""
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
        if "Completed successfully" not in text:
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


def with_minimum(run: dict, sim, scenario: str, orgs: int | None = None) -> dict:
    """Requests made vs the minimum, per org; 429s as a share of requests."""
    model = Model(get_scenario(scenario, orgs=orgs), date.fromisoformat(ANCHOR))
    stats = sim.stats()
    made = minimum = status_429 = 0
    for key, org in run["orgs"].items():
        windows = Windows(
            *[
                tuple(date.fromisoformat(d) for d in org["windows"][k])
                for k in ("schedules", "adherence", "volume", "time_off")
            ]
        )
        org["minimum_requests"] = minimum_requests(model, key, windows)
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


def end_to_end(scenario: str, orgs: int | None, days: int, incremental: bool) -> dict:
    """Full-window run from an empty warehouse, dbt build, then (optionally) the nightly run after it."""
    extra = ("--orgs", str(orgs)) if orgs else ()
    sim = start_sim(scenario, ANCHOR, *extra)
    try:
        # scale: the curve's window is the backfill; nightly runs re-read up to 14 days of schedules
        over = (
            {}
            if scenario == "demo"
            else {"schedule_days_back": min(days, 14), "schedule_days_ahead": 0, "time_off_days_ahead": 0}
        )
        install = Install(sim, f"{scenario}{orgs or ''}_{days}", settings(days, **over))
        full = with_minimum(stage("extract", {"today": ANCHOR}, install.env, sim), sim, scenario, orgs)
        out = {
            "scenario": scenario,
            "orgs": len(full["orgs"]),
            "days": days,
            "full": full,
            "dbt_build": install.dbt_build(),
            "warehouse_mib": install.warehouse_mib(),
        }
        if incremental:
            # a day's intraday changes: each org republishes a few upcoming weeks' schedules
            changed = {key: sorted({m["businessUnitDate"] for m in sim.republish(key, 3)}) for key in full["orgs"]}
            sim.reset_stats()
            out["nightly"] = nightly = stage("extract", {"today": ANCHOR}, install.env, sim)
            nightly["requests"] = sum(sim.stats()[key]["requests"] for key in nightly["orgs"])
            nightly["republished_days"] = changed
            out["nightly_vs_full"] = round(out["nightly"]["wall_s"] / full["wall_s"], 3)
            # the nightly transform after it: yesterday's partition, the re-read windows (assets/transform.py)
            today = date.fromisoformat(ANCHOR)
            window = window_vars(today - timedelta(days=1), today, True, ExtractSettings(**install.extract))
            out["nightly_dbt_build"] = install.dbt_build(window)
            out["nightly_dbt_vs_full"] = round(out["nightly_dbt_build"]["wall_s"] / out["dbt_build"]["wall_s"], 3)
        out["sim_peak_rss_mib"] = sim_peak_mib(sim)
        shutil.rmtree(install.dir, ignore_errors=True)
        return out
    finally:
        sim.stop()


def parallel_vs_serial(orgs: int, latency_ms: int) -> dict:
    """The same orgs extracted at once and one after another, each with its own API (and rate limit),
    with ``latency_ms`` per call as a real region's round trip; request-bound resources only."""
    faults = [a for i in range(orgs) for a in ("--fault", f"org{i + 1:02d}:latency_ms={latency_ms}")]
    sim = start_sim("scale", ANCHOR, "--orgs", str(orgs), *faults)
    try:
        out = {"orgs": orgs, "latency_ms": latency_ms, "resources": DIRECTORY}
        for mode in ("parallel", "serial"):
            install = Install(sim, mode, settings(7))
            spec = {
                "today": ANCHOR,
                "resources": DIRECTORY,
                "serial": mode == "serial",
                "orgs": [f"org{i + 1:02d}" for i in range(orgs)],
            }
            out[mode] = stage("extract", spec, install.env, sim)
            shutil.rmtree(install.dir, ignore_errors=True)
        out["speedup"] = round(out["serial"]["wall_s"] / out["parallel"]["wall_s"], 2)
        return out
    finally:
        sim.stop()


def realtime_stage(profile: str) -> dict:
    """bench/realtime.py in its own process against a demo simulator (its clock is the stage's)."""
    sim = start_sim("demo", ANCHOR)
    try:
        install = Install(sim, "realtime", settings(7))
        spec = {"sim": sim.base_url, "profile": "smoke" if profile == "smoke" else "standard"}
        result, wall, rss, cpu = child([sys.executable, "-m", "bench.realtime", json.dumps(spec)], install.env)
        shutil.rmtree(install.dir, ignore_errors=True)
        return {**result, "process_wall_s": wall, "peak_rss_mib": rss, "cpu_s": cpu}
    finally:
        sim.stop()


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


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--profile", choices=sorted(PROFILES), default="standard")
    parser.add_argument(
        "--only",
        choices=["load_path", "demo", "curve", "parallel", "realtime"],
        action="append",
        help="run only these stages, keeping the other results of the profile's file",
    )
    parser.add_argument("--point", action="append", help="with --only curve: ORGSxDAYS points to (re)measure")
    args = parser.parse_args()
    profile = PROFILES[args.profile]
    wanted = set(args.only or ["load_path", "demo", "curve", "parallel", "realtime"])
    out_path = ROOT / "bench" / "results" / f"{args.profile}.json"
    results = json.loads(out_path.read_text()) if out_path.exists() and args.only else {}
    results["profile"] = args.profile
    if wanted - {"realtime"} or "machine" not in results:  # the real-time section dates itself
        results["machine"] = machine()

    def save():
        out_path.parent.mkdir(parents=True, exist_ok=True)
        out_path.write_text(json.dumps(results, indent=2, default=str) + "\n")

    if "load_path" in wanted:
        print("load path: parquet vs insert_values ...", flush=True)
        results["load_path"] = stage("load_path", {"rows": profile["load_rows"]}, {})
        save()
    if "demo" in wanted:
        print("demo: full run, dbt build, nightly run ...", flush=True)
        results["demo"] = end_to_end("demo", None, 56, incremental=True)
        save()
    if "curve" in wanted:
        points = [tuple(map(int, p.split("x"))) for p in args.point] if args.point else profile["curve"]
        results["curve"] = [c for c in results.get("curve", []) if (c["orgs"], c["days"]) not in points]
        for orgs, days in points:
            print(f"scale: {orgs} org(s) x 5,000 agents, {days} days ...", flush=True)
            results["curve"].append(end_to_end("scale", orgs, days, incremental=(orgs, days) == profile["curve"][0]))
            results["curve"].sort(key=lambda c: (c["days"], c["orgs"]))
            save()
    if "parallel" in wanted:
        print(f"parallel vs serial: {profile['serial_orgs']} orgs ...", flush=True)
        results["parallel"] = parallel_vs_serial(profile["serial_orgs"], 250)
        save()
    if "realtime" in wanted:
        print("real-time adherence: the stream's latency and requests vs polling ...", flush=True)
        results["realtime"] = realtime_stage(args.profile)
        save()
    from bench import realtime
    from bench.render import render

    if args.profile != "smoke":
        render(results, ROOT / "docs" / "benchmarks.md")
        if "realtime" in results:
            realtime.render(results["realtime"], ROOT / "docs" / "benchmarks.md")
    print(json.dumps({k: v for k, v in results.items() if k != "curve"}, indent=1, default=str)[:4000])


if __name__ == "__main__":
    main()
