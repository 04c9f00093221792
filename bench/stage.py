"""One measured stage, run as its own process so its peak memory is its own.

``python -m bench.stage extract '<json>'``: the pipeline over the orgs file in the environment
(``serial`` runs the orgs one after another instead of in parallel); ``load_path``: bench/load_path.py.
The last line of stdout is the stage's result as JSON.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date

WINDOWS = ("schedules", "adherence", "volume", "time_off")  # no imports here: the stage's memory is the pipeline's


def extract(spec: dict) -> dict:
    from pipelines.run import run

    today = date.fromisoformat(spec["today"])
    window = {k: date.fromisoformat(spec[k]) for k in ("start", "end") if spec.get(k)}
    began = time.monotonic()
    if spec.get("serial"):
        results = [r for key in spec["orgs"] for r in run([key], spec.get("resources"), today=today, **window).results]
    else:
        results = run(spec.get("orgs"), spec.get("resources"), today=today, **window).results
    wall = time.monotonic() - began
    failed = {r.org.key: r.error for r in results if not r.ok}
    if failed:  # a figure from a failed run would be meaningless
        raise SystemExit(f"orgs failed: {failed}")
    orgs = {
        r.org.key: {
            "ok": r.ok,
            "error": r.error,
            "seconds": round(r.seconds, 2),
            "steps": r.steps,
            "rows": sum(r.rows().values()),
            "requests": r.counters.total("requests"),
            "retries": r.counters.total("retries"),
            "status_429": r.counters.total("status_429"),
            "peak_in_flight": r.peak_in_flight,
            "windows": {k: [str(d) for d in getattr(r.windows, k)] for k in WINDOWS} if r.windows else None,
        }
        for r in results
    }
    rows = sum(o["rows"] for o in orgs.values())
    return {"wall_s": round(wall, 2), "rows": rows, "rows_per_s": round(rows / wall), "orgs": orgs}


def load_path(spec: dict) -> dict:
    from bench.load_path import run

    return run(spec["rows"], spec.get("insert_values_rows"))


if __name__ == "__main__":
    kind, spec = sys.argv[1], json.loads(sys.argv[2])
    print(json.dumps({"extract": extract, "load_path": load_path}[kind](spec), default=str))
