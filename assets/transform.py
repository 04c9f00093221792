"""dbt models as assets; dbt tests as asset checks; dbt sources linked to the per-org dlt assets."""

# No `from __future__ import annotations`: Dagster inspects the context type hints at runtime.

import json
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from pipelines.config import load_config
from pipelines.genesys.helpers import window_vars
from pipelines.warehouse import writer_lock

from .keys import raw_key
from .partitions import daily
from .project import dbt_project

# What the real-time snapshot rebuilds every few minutes, without rebuilding the rest: its staging and fact views
# too. A view over raw tables that did not exist when it was built (no snapshot loaded before the first nightly
# build) is an empty union, compiled once: rebuilt after each snapshot's load, it unions every org's table that
# exists now (the report showed 0 agents while the raw snapshot held hundreds). The nightly transform builds them
# as well, so the reports reading them exist from the first night.
REALTIME_MODELS = (
    "stg_genesys__realtime_adherence",
    "fct_realtime_adherence",
    "rpt_realtime_snapshot_orgs",
    "rpt_global_adherence_snapshot",
    "rpt_adherence_outliers",
)


def _source_key(props: Mapping[str, Any]) -> dg.AssetKey:
    org_key = (props.get("source_meta") or {}).get("org_key") or props["source_name"].removeprefix("genesys_")
    return raw_key(org_key, props["name"])


class WfmDbtTranslator(DagsterDbtTranslator):
    """Sources genesys_<org>.<table> become the dlt asset that writes the table; models are grouped
    by layer (staging, intermediate, marts, reports)."""

    def get_asset_spec(self, manifest: Mapping[str, Any], unique_id: str, project) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        props = self.get_resource_props(manifest, unique_id)
        if props["resource_type"] == "source" and props["source_name"].startswith("genesys_"):
            return spec.replace_attributes(key=_source_key(props))
        if props["resource_type"] in ("model", "seed", "snapshot"):
            layer = props["fqn"][1] if len(props["fqn"]) > 2 else "seeds"
            return spec.replace_attributes(group_name=f"dbt_{layer}")
        return spec


translator = WfmDbtTranslator()


def dbt_vars(context: dg.AssetExecutionContext | None) -> dict:
    """Org keys to union, and the partition's window (none when the run is not partitioned: dbt_project.yml's wide
    defaults rebuild everything). A nightly transform carries the run tag wfm_hub/kind=nightly (set by the
    schedule, carried by the sensor)."""
    config = load_config()
    found = {"genesys_orgs": ",".join(o.key for o in config.orgs)}
    if context is not None and (context.has_partition_key or context.has_partition_key_range):
        window = context.partition_time_window
        nightly = context.run.tags.get("wfm_hub/kind") == "nightly"
        found.update(window_vars(window.start.date(), window.end.date(), nightly, config.extract))
    return found


def dbt_build_args(context: dg.AssetExecutionContext | None) -> list[str]:
    # buildable: a test runs in the build whose selection holds all its parents or their descendants; with dbt's
    # default (eager) the nightly build ran rpt_adherence_outliers' relationship test to dim_agent before the
    # real-time build had made rpt_adherence_outliers (a fresh warehouse's first night failed)
    return ["build", "--indirect-selection", "buildable", "--vars", json.dumps(dbt_vars(context))]


def _realtime_selection() -> str:
    manifest = json.loads(dbt_project.manifest_path.read_text())
    names = {node["name"] for node in manifest["nodes"].values() if node["resource_type"] == "model"}
    return " ".join(name for name in REALTIME_MODELS if name in names)


REALTIME_SELECT = _realtime_selection()


def run_dbt_build(context: dg.AssetExecutionContext, dbt: DbtCliResource, partitioned: bool):
    """dbt build under the warehouse writer lock; the dbt process never outlives the step (an
    orphaned dbt would keep DuckDB locked for the retries and for every other run)."""
    with writer_lock():
        invocation = dbt.cli(dbt_build_args(context if partitioned else None), context=context)
        try:
            yield from invocation.stream()
        finally:
            if invocation.process.poll() is None:
                invocation.process.terminate()
                invocation.process.wait(timeout=30)


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=translator,
    exclude=REALTIME_SELECT or None,
    partitions_def=daily,
    backfill_policy=dg.BackfillPolicy.single_run(),
    pool="duckdb_writer",
    name="wfm_hub_dbt",
)
def wfm_hub_dbt(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    """Every dbt model and test but the real-time snapshot path; the partition window goes as vars."""
    yield from run_dbt_build(context, dbt, partitioned=True)


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=translator,
    select=REALTIME_SELECT or " ".join(REALTIME_MODELS),
    pool="duckdb_writer",
    name="wfm_hub_dbt_realtime",
)
def wfm_hub_dbt_realtime(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    """The real-time adherence snapshot's views and reports, after the snapshot's load (the staging view reads
    the raw snapshot tables)."""
    yield from run_dbt_build(context, dbt, partitioned=False)


NIGHTLY_FRESHNESS = dg.FreshnessPolicy.time_window(fail_window=timedelta(hours=26), warn_window=timedelta(hours=25))
SNAPSHOT_FRESHNESS = dg.FreshnessPolicy.time_window(
    fail_window=timedelta(minutes=15), warn_window=timedelta(minutes=10)
)
