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
    print("building the dbt models (staging -> intermediate -> marts) and running their tests ...")
    dbt = Path(sys.executable).with_name("dbt")
    build = subprocess.run([str(dbt), "build", "--project-dir", str(ROOT / "dbt_project"), "--profiles-dir",
                            str(ROOT / "dbt_project")], capture_output=True, text=True,
                           env={**os.environ, "WFM_HUB_WAREHOUSE": str(warehouse_path()),
                                "WFM_HUB_ORG_KEYS": ",".join(r.org.key for r in report.results if r.ok)})
    print("  " + (build.stdout.strip().splitlines() or ["(no output)"])[-1])
    if build.returncode != 0:
        print(build.stdout[-4000:])
        return 1
    with duckdb.connect(str(warehouse_path()), read_only=True) as con:
        def one(sql):
            return con.sql(sql).fetchall()[0]
        agents, bi_regional, accounts = one("select count(*), count(*) filter (where n_accounts > 1), "
                                            "sum(n_accounts) from marts.dim_agent")
        adherence, days = one("select 1 - sum(exception_minutes) / sum(scheduled_minutes), count(*) "
                              "from marts.fct_agent_adherence_daily")
        conflicts = one("select count(*) from intermediate.int_agent_identity_conflicts")[0]
    print(f"\nwarehouse {warehouse_path()}")
    print(f"  {accounts} accounts in {len(report.results)} orgs -> {agents} canonical agents "
          f"({bi_regional} bi-regional people merged); {conflicts} identity conflicts listed for review")
    print(f"  global adherence {adherence:.1%} over {days:,} agent-days")
    print(f"done in {time.monotonic() - began:.0f} s; {'all orgs loaded' if not report.failed else 'SOME ORGS FAILED'}")
    print("query the marts: duckdb data/wfm_hub.duckdb 'select * from marts.dim_agent limit 5'")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
