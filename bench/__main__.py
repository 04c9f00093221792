"""``make bench``: speed, memory and request figures of wfm-hub against the simulator.

Stages run in child processes (their peak resident memory is read from ``wait4``); the simulator
runs in its own process (its peak from /proc): ``bench.harness``. Results go to
``bench/results/<profile>.json``, into the results section of docs/benchmarks.md and its curve plot
(docs/benchmarks-curve.png). Profiles: ``standard`` (what ``make bench`` runs, about 40 minutes on 2
cores) and ``full`` (every point of the scale curve up to 10 orgs x 31 days).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from datetime import date, timedelta

from bench.harness import ANCHOR, ROOT, Install, child, machine, settings, sim_peak_mib, stage, with_minimum
from bench.latency import latency_hidden, parallel_vs_serial
from genesys_sim.process import start_sim
from pipelines.config import ExtractSettings
from pipelines.genesys.helpers import window_vars

PROFILES = {
    "standard": {"load_rows": 200_000, "curve": [(1, 7), (2, 7), (5, 7), (1, 31)], "serial_orgs": 10},
    "full": {"load_rows": 500_000, "curve": [(o, d) for d in (7, 31) for o in (1, 2, 5, 10)], "serial_orgs": 10},
    "smoke": {"load_rows": 20_000, "curve": [(1, 7)], "serial_orgs": 2},  # checks the harness itself
}
STAGES = ["load_path", "latency", "demo", "curve", "parallel", "realtime"]
WIDER_IN_FLIGHT = 32  # the latency stage again with more calls in flight than the default


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


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--profile", choices=sorted(PROFILES), default="standard")
    parser.add_argument(
        "--only",
        choices=STAGES,
        action="append",
        help="run only these stages, keeping the other results of the profile's file",
    )
    parser.add_argument("--point", action="append", help="with --only curve: ORGSxDAYS points to (re)measure")
    args = parser.parse_args()
    profile = PROFILES[args.profile]
    wanted = set(args.only or STAGES)
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
    if "latency" in wanted:
        print("latency hidden: one demo org against the realistic latency profile ...", flush=True)
        results["latency"] = latency_hidden()
        results["latency_wider"] = latency_hidden(WIDER_IN_FLIGHT)  # the knob's effect
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
            # the nightly (extraction and dbt build) at the first point and the longest (most days, then orgs:
            # 10 x 31 in `full`, the nightly dbt target; 1 x 31 in `standard`)
            nightly = (orgs, days) in (profile["curve"][0], max(profile["curve"], key=lambda p: (p[1], p[0])))
            results["curve"].append(end_to_end("scale", orgs, days, incremental=nightly))
            results["curve"].sort(key=lambda c: (c["days"], c["orgs"]))
            save()
    if "parallel" in wanted:
        print(f"parallel vs serial: {profile['serial_orgs']} orgs, realistic latency ...", flush=True)
        results["parallel"] = parallel_vs_serial(profile["serial_orgs"])
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
