"""Per-org extraction assets: a thin wrapper over ``pipelines.run`` (why not dagster-dlt's @dlt_assets).

``pipelines.run`` already owns what matters here: the per-org client with its rate limiter and
counters, the windows (first-run backfill, re-read lookbacks), aborting a failed org's package so
nothing partial is committed, the cross-process warehouse lock around loads, and the run-status
table. @dlt_assets would run a bare ``pipeline.run`` and duplicate or lose all of that, so each org
gets three small multi-assets instead, one per asset group and dlt pipeline:

- ``dimensions`` (users, queues, units, codes, planning groups): unpartitioned, full re-read;
- ``activity`` (schedules, forecasts, adherence, time off, volume, presence): daily partitions, a
  backfill of a range runs once with that exact window;
- ``realtime`` (the adherence snapshot): unpartitioned, every few minutes.

Each raw table is an asset ``genesys/<org>/<table>`` (the dbt source of the same name depends on it);
its materialization carries rows, and the requests, retries and 429s of the resource that wrote it;
a check per asset says whether it extracted cleanly (a missing permission warns).
An org that fails raises: its assets turn red, the other orgs' steps are unaffected.
"""

# No `from __future__ import annotations`: Dagster inspects the context type hints at runtime.

import random
import time
from datetime import UTC, datetime

import dagster as dg
from pydantic import Field

from pipelines.config import load_config
from pipelines.genesys.settings import REALTIME_RESOURCES, RESOURCES
from pipelines.run import run
from pipelines.warehouse import pipeline_name

from .keys import raw_key
from .partitions import daily

DIMENSIONS = (
    "organizations",
    "users",
    "queues",
    "business_units",
    "management_units",
    "management_unit_users",
    "activity_codes",
    "planning_groups",
    "service_goal_templates",
)
ACTIVITY = (
    "schedules",
    "forecasts",
    "staffing_requirements",
    "historical_adherence",
    "time_off_requests",
    "interaction_volume",
    "user_presence",
)
GROUPS = {"dimensions": DIMENSIONS, "activity": ACTIVITY, "realtime": REALTIME_RESOURCES}
CHECK = "extracted_cleanly"
assert set(DIMENSIONS + ACTIVITY + REALTIME_RESOURCES) == set(RESOURCES), "every resource belongs to one asset group"


class ExtractConfig(dg.Config):
    """default_windows: use the configured re-read windows (the nightly run) instead of the
    partition's exact window (backfills)."""

    default_windows: bool = False
    # real-time snapshot: offset between orgs' polls (plus jitter); nan or a negative value fails the step
    stagger_seconds: float = Field(default=2.0, ge=0, allow_inf_nan=False)


def _metadata(result, resource: str, table: str) -> dict:
    entry = result.status.resources.get(resource)
    c = result.counters
    window = result.windows.schedules if resource in ("schedules", "forecasts") else result.windows.adherence
    return {
        "org": result.org.key,
        "region": result.org.region,
        "resource": resource,
        "rows": (entry.rows.get(table, 0) if entry else 0),
        "requests": c.requests.get(resource, 0),
        "retries": c.retries.get(resource, 0),
        "status_429": c.status_429.get(resource, 0),
        "outcome": entry.outcome if entry else "not run",
        "window": f"{window[0]} .. {window[1]}" if resource in ACTIVITY else "full re-read",
    }


def step_name(org_key: str, group: str) -> str:
    """The op (step) of an org's asset group, named like the dlt pipeline it runs: ``genesys_<org>__<group>``."""
    return pipeline_name(org_key, group)


def org_assets(org_key: str, group: str) -> dg.AssetsDefinition:
    tables = {table: resource for resource in GROUPS[group] for table in RESOURCES[resource]}
    specs = [
        dg.AssetSpec(
            raw_key(org_key, table),
            group_name=f"genesys_{org_key}",
            skippable=True,
            kinds={"dlt", "duckdb"},
            tags={"org": org_key, "layer": "raw"},
            description=f"Raw {table} of org {org_key} (resource {resource}), loaded by dlt "
            f"into dataset genesys_{org_key}.",
        )
        for table, resource in tables.items()
    ]
    checks = [
        dg.AssetCheckSpec(
            CHECK,
            asset=raw_key(org_key, table),
            description="The resource extracted without skipped permissions or errors.",
        )
        for table in tables
    ]
    partitioned = group == "activity"

    @dg.multi_asset(
        name=step_name(org_key, group),
        specs=specs,
        check_specs=checks,
        can_subset=True,
        # no pool: orgs extract in parallel steps; only their loads take the warehouse
        # writer lock (pipelines.warehouse.writer_lock), which orders them across processes
        partitions_def=daily if partitioned else None,
        backfill_policy=dg.BackfillPolicy.single_run() if partitioned else None,
        op_tags={"org": org_key},  # the failure sensor reads the org from here (never from the step name)
    )
    def extract(context: dg.AssetExecutionContext, config: ExtractConfig):
        selected = [t for t in tables if raw_key(org_key, t) in context.selected_asset_keys]
        chosen = sorted({tables[t] for t in selected})
        start = end = None
        if partitioned and not config.default_windows:
            window = context.partition_time_window
            start, end = window.start.date(), window.end.date()
        snapshot = None
        if group == "realtime":
            # a fixed offset per org plus jitter, so orgs are never polled at the same instant
            org_index = [o.key for o in load_config().orgs].index(org_key)
            time.sleep(org_index * config.stagger_seconds + random.uniform(0, min(1.0, config.stagger_seconds)))
            snapshot = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        report = run([org_key], chosen, start=start, end=end, snapshot_at=snapshot, group=group)
        result = report.results[0]
        if not result.ok:
            raise dg.Failure(
                description=f"org {org_key} ({group}) failed: {result.error}",
                metadata={"org": org_key, "error": result.error or "", "run_id": report.run_id},
                allow_retries=result.retryable,
            )
        for table in selected:
            resource = tables[table]
            meta = _metadata(result, resource, table)
            yield dg.MaterializeResult(asset_key=raw_key(org_key, table), metadata=meta)
            entry = result.status.resources.get(resource)
            clean = entry is not None and entry.outcome == "success"
            yield dg.AssetCheckResult(
                asset_key=raw_key(org_key, table),
                check_name=CHECK,
                passed=clean,
                severity=dg.AssetCheckSeverity.WARN,
                metadata={"outcome": meta["outcome"], "error": (entry.error if entry else "") or ""},
            )

    return extract


def extraction_assets(org_keys: list[str]) -> list[dg.AssetsDefinition]:
    return [org_assets(org, group) for org in org_keys for group in GROUPS]
