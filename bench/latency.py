"""The benchmark stages run against the realistic latency profile (genesys_sim/latency.py).

``latency_hidden``: one demo org's extraction against its physical minimum (``bench.minimum``), in two
regimes: the full first run (56-day backfill: more requests than the token may make in a minute, so the
rate limit binds) and a one-week backfill (fewer: the longest chain of dependent calls binds). The wall
time is the extract step's (API calls and page shaping); normalize and load are local work after it.

``parallel_vs_serial``: the same orgs extracted at once and one after another, each org on its own API
and rate limit, every call at its class's answer time; request-bound resources only, so the comparison
is about waiting, not about this machine's two cores.
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta

from assets.extract import DIMENSIONS
from bench.harness import ANCHOR, Install, settings, stage, windows_of, with_minimum
from bench.minimum import physical_minimum
from genesys_sim.latency import PROFILES
from genesys_sim.model import Model
from genesys_sim.process import start_sim
from genesys_sim.scenarios import get_scenario
from pipelines.config import ExtractSettings

PROFILE = "realistic"
RATE_LIMIT = 300  # the token's requests a minute, the simulator's (the platform's documented default)
# request-bound resources (the directory, plus time off): the parallel-vs-serial comparison
DIRECTORY = [*DIMENSIONS, "time_off_requests"]


def latency_hidden(calls_in_flight: int | None = None) -> dict:
    """The demo's first org under the realistic profile: a full first run on a fresh warehouse, and a
    one-week backfill on another, each with its requests, 429s, calls in flight and efficiency (physical
    minimum / extract wall time). ``calls_in_flight``: the setting's default unless given."""
    over = {"calls_in_flight": calls_in_flight} if calls_in_flight else {}
    model = Model(get_scenario("demo", orgs=1), date.fromisoformat(ANCHOR))
    key = next(iter(model.orgs))
    week = (date.fromisoformat(ANCHOR) - timedelta(days=7)).isoformat()
    runs = {"full (56-day backfill)": {}, "one-week backfill": {"start": week, "end": ANCHOR}}
    out = {"profile": PROFILE, "org": key, "rate_limit": RATE_LIMIT, "runs": {}}
    for name, window in runs.items():
        sim = start_sim("demo", ANCHOR, "--orgs", "1", "--latency-profile", PROFILE)
        try:
            install = Install(sim, "latency", settings(56, **over))
            run = with_minimum(stage("extract", {"today": ANCHOR, **window}, install.env, sim), sim, "demo", 1)
            org = run["orgs"][key]
            out["calls_in_flight"] = install.extract.get("calls_in_flight", ExtractSettings().calls_in_flight)
            minimum = physical_minimum(model, key, windows_of(org), PROFILES[PROFILE], RATE_LIMIT)
            wall = org["steps"]["extract"]
            out["runs"][name] = {
                **minimum,
                "extract_s": wall,
                "run_s": org["seconds"],
                "rows": org["rows"],
                "requests_made": run["requests"],
                "status_429_pct": run["status_429_pct"],
                "peak_in_flight": org["peak_in_flight"],
                "efficiency": round(minimum["minimum_s"] / wall, 2),
                "strict_efficiency": round(minimum["strict_minimum_s"] / wall, 2),
                "cpu_s": run["cpu_s"],
                "sim_cpu_s": run["sim_cpu_s"],
            }
            shutil.rmtree(install.dir, ignore_errors=True)
        finally:
            sim.stop()
    return out


def parallel_vs_serial(orgs: int) -> dict:
    """The same ``orgs`` scale orgs extracted at once and one after another (request-bound resources)."""
    sim = start_sim("scale", ANCHOR, "--orgs", str(orgs), "--latency-profile", PROFILE)
    try:
        out = {"orgs": orgs, "profile": PROFILE, "resources": DIRECTORY}
        for mode in ("parallel", "serial"):
            install = Install(sim, mode, settings(7))
            spec = {
                "today": ANCHOR,
                "resources": DIRECTORY,
                "serial": mode == "serial",
                "orgs": [f"org{i + 1:02d}" for i in range(orgs)],
            }
            sim.reset_stats()
            out[mode] = stage("extract", spec, install.env, sim)
            out[mode]["status_429"] = sum(o["status_429"] for o in out[mode]["orgs"].values())
            shutil.rmtree(install.dir, ignore_errors=True)
        out["speedup"] = round(out["serial"]["wall_s"] / out["parallel"]["wall_s"], 2)
        return out
    finally:
        sim.stop()
