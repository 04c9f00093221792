"""``make demo``: the simulator on the demo scenario, the whole graph materialized through Dagster
(the same definitions the UI shows), then a summary checked against the simulator's ground truth.

Runs land in data/dagster_home, so ``make dev`` shows them in the UI afterwards.
"""

from __future__ import annotations

import resource
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from genesys_sim.process import start_sim
from scripts.hubenv import configure

ROOT = Path(__file__).resolve().parents[1]


def run_graph(partition: str) -> list[bool]:
    """The three jobs of the definitions, each with its own multiprocess executor (orgs in parallel
    steps), recorded in the instance the UI reads."""
    import dagster as dg

    from assets import definitions
    from assets.schedules import nightly_run_config

    instance = dg.DagsterInstance.get()
    partition_tags = {"dagster/partition": partition}
    quiet = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}  # the UI keeps every event
    outcomes = []
    for name, job, kwargs in (
        (
            "nightly_extract",
            definitions.nightly_extract_job,
            {"run_config": {**nightly_run_config(), **quiet}, "tags": partition_tags},
        ),
        ("nightly_transform", definitions.nightly_transform_job, {"run_config": quiet, "tags": partition_tags}),
        ("realtime_snapshot", definitions.realtime_snapshot_job, {"run_config": quiet}),
    ):
        began = time.monotonic()
        with dg.execute_job(dg.reconstructable(job), instance=instance, raise_on_error=False, **kwargs) as result:
            ok = result.success
        print(f"  {name:<18} {'ok' if ok else 'FAILED'} in {time.monotonic() - began:.0f} s", flush=True)
        outcomes.append(ok)
    return outcomes


def summary(anchor: date) -> list[str]:
    """Warehouse figures, each beside the simulator's ground truth where the model has one."""
    import duckdb

    from genesys_sim.model import Model
    from genesys_sim.scenarios import get_scenario
    from genesys_sim.truth import org_day_volume
    from pipelines.warehouse import warehouse_path

    model = Model(get_scenario("demo"), anchor)
    people = {a.person_id for org in model.orgs.values() for a in org.accounts}
    shared = {a.person_id for org in model.orgs.values() for a in org.accounts if a.home is not None}
    offered = sum(row[2] for row in org_day_volume(model))
    lines = []
    with duckdb.connect(str(warehouse_path()), read_only=True) as con:

        def one(sql):
            return con.sql(sql).fetchall()[0]

        def check(label, got, truth):
            mark = "= truth" if got == truth else f"!= truth {truth}"
            lines.append(f"  {label:<34} {got:>12,} {mark}")

        orgs = con.sql("select org_key, region from marts.dim_org order by 1").fetchall()
        lines.append("  orgs: " + ", ".join(f"{k} ({r})" for k, r in orgs))
        for table in (
            "schedule_activities",
            "forecast_intervals",
            "staffing_requirements",
            "service_goal_templates",
            "adherence_exceptions",
            "time_off_requests",
            "interaction_volume",
            "user_presence",
            "users",
        ):
            rows = sum(one(f"select count(*) from genesys_{k}.{table}")[0] for k, _ in orgs)
            lines.append(f"  raw {table:<30} {rows:>12,}")
        agents, bi = one("select count(*), count(*) filter (where n_accounts > 1) from marts.dim_agent")
        check("canonical agents", agents, len(people))
        check("bi-regional people merged", bi, len(shared))
        check(
            "offered contacts (history)",
            int(one(f"select sum(offered) from marts.fct_interaction_volume where utc_date < date '{anchor}'")[0]),
            offered,
        )
        for label, sql in (
            (
                "GLOBAL adherence (Genesys)",
                "select 1 - sum(adherence_exception_seconds) / sum(adherence_schedule_seconds) "
                "from marts.fct_agent_adherence_daily",
            ),
            (
                "GLOBAL service level",
                "select sum(sl_numerator) / sum(sl_denominator) from marts.fct_interaction_volume where is_inbound",
            ),
            (
                "real-time agents (GLOBAL snapshot)",
                "select agents from marts.rpt_global_adherence_snapshot where region = 'GLOBAL'",
            ),
            (
                "reconciled org-day metrics within tolerance",
                "select sum(case when within_tolerance then 1 else 0 end) from marts.rpt_reconciliation_daily",
            ),
            (
                "GLOBAL headcount (yesterday)",
                "select count(distinct canonical_agent_id) from marts.fct_agent_day "
                f"where is_employed and local_date = date '{anchor - timedelta(days=1)}'",
            ),
            (
                "GLOBAL planned shrinkage",
                "select sum(planned_shrinkage_minutes) / nullif(sum(scheduled_minutes + full_day_time_off_minutes), 0) "
                "from marts.fct_agent_day",
            ),
            (
                "GLOBAL occupancy",
                "select sum(seconds) filter (where qualifier = 'INTERACTING') / nullif(sum(seconds) "
                "filter (where qualifier in ('INTERACTING', 'COMMUNICATING', 'IDLE')), 0) "
                "from marts.fct_user_presence_interval "
                "where metric = 'tAgentRoutingStatus'",
            ),
        ):
            value = one(sql)[0]
            lines.append(
                f"  {label:<34} {value:>12.1%}"
                if isinstance(value, float) and value <= 1.5
                else f"  {label:<34} {value:>12,}"
            )
    return lines


def main() -> int:
    anchor = datetime.now(UTC).date()
    began = time.monotonic()
    print(f"wfm-hub demo: simulator scenario 'demo' anchored {anchor}")
    sim = start_sim("demo", anchor.isoformat())
    try:
        configure(sim.orgs, anchor.isoformat())
        for org in sim.orgs:
            print(f"  org {org['name']:<10} region {org['region']:<20} api {org['api_base_url']}")
        print("materializing the graph through Dagster (extract every org, dbt build, snapshot) ...", flush=True)
        results = run_graph((anchor - timedelta(days=1)).isoformat())
    finally:
        sim.stop()
    print("\nsummary")
    for line in summary(anchor):
        print(line)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"\ndone in {time.monotonic() - began:.0f} s; peak resident memory {own:.0f} MiB here, "
        f"{child:.0f} MiB in the largest finished child process (simulator, Dagster steps, dbt)"
    )
    print("open the Dagster UI: make dev   |   the director's report: make report (reports/index.html)")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
