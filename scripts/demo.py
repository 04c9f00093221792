"""``make demo``: start the simulator on the demo scenario, consolidate every org, print a summary.

The simulator runs as a real process on a free loopback port; its orgs are written to
``data/demo/orgs.toml`` (and their secrets into this process's environment only), and the warehouse
is ``data/wfm_hub.duckdb`` unless WFM_HUB_WAREHOUSE says otherwise.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date, datetime, timezone
from pathlib import Path

import duckdb
import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from genesys_sim.connect import secret_env, write_orgs_file  # noqa: E402


def start_simulator(scenario: str, anchor: str) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen([sys.executable, "-m", "genesys_sim", "serve", "--scenario", scenario, "--port", "0",
                                "--anchor-date", anchor], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    for line in process.stdout:
        print(f"  sim | {line.rstrip()}")
        if line.startswith("READY "):
            return process, line.split()[1]
    raise SystemExit("the simulator did not start")


def main() -> int:
    anchor = os.environ.get("WFM_HUB_DEMO_ANCHOR", datetime.now(timezone.utc).date().isoformat())
    began = time.monotonic()
    print(f"wfm-hub demo: simulator scenario 'demo', anchor date {anchor}")
    process, base = start_simulator("demo", anchor)
    try:
        orgs = httpx.get(f"{base}/_sim/orgs", timeout=30).json()
        os.environ["WFM_HUB_ORGS"] = str(write_orgs_file(orgs, ROOT / "data" / "demo" / "orgs.toml"))
        os.environ.update(secret_env(orgs))
        for org in orgs:
            print(f"  org {org['name']:<10} region {org['region']:<20} api {org['api_base_url']}")

        from pipelines.run import print_report, run
        from pipelines.warehouse import warehouse_path

        def progress(result):
            state = "ok" if result.ok else f"FAILED: {result.error}"
            print(f"  [{result.org.key}] {sum(result.rows().values()):,} rows, "
                  f"{result.counters.total('requests'):,} requests in {result.seconds:.0f} s: {state}", flush=True)

        print("extracting every org in parallel, loading serially ...")
        report = run(today=date.fromisoformat(anchor), progress=progress)
        print_report(report)
    finally:
        process.terminate()
        process.wait(timeout=10)
    with duckdb.connect(str(warehouse_path()), read_only=True) as con:
        schemas = [r[0] for r in con.sql("select distinct table_schema from information_schema.tables "
                                         "where table_schema like 'genesys_%' and table_schema not like '%staging'")
                   .fetchall()]
        people = con.sql(" union all ".join(
            f"select lower(trim(email)) as email from {s}.users where _dlt_valid_to is null" for s in schemas)
        ).fetchall()
    accounts, emails = len(people), len({p[0] for p in people})
    print(f"\nwarehouse {warehouse_path()}: {len(schemas)} org datasets, {accounts} user accounts, "
          f"{accounts - emails} accounts share an email with an account in another org")
    print(f"done in {time.monotonic() - began:.0f} s; {'all orgs loaded' if not report.failed else 'SOME ORGS FAILED'}")
    print("next: the dbt marts, the Dagster UI (make dev) and the report arrive with the next issues")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
