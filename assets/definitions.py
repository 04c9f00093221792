"""The one Definitions object: extraction assets per configured org, dbt assets, jobs, schedules,
sensors, freshness policies."""

from __future__ import annotations

import warnings

import dagster as dg

from pipelines.config import load_config

from .alerts import ALERT_SENSORS
from .executor import executor
from .extract import extraction_assets
from .jobs import JOBS, REALTIME_ASSETS
from .realtime_stream import stream_assets, stream_sensors
from .report import director_report
from .resources import dbt_resource
from .retention import privacy_retention
from .schedules import SCHEDULES, SNAPSHOT_SENSORS
from .sensors import RUN_SENSORS
from .sync import activity_code_sync, sync_activity_codes
from .transform import NIGHTLY_FRESHNESS, SNAPSHOT_FRESHNESS, wfm_hub_dbt, wfm_hub_dbt_realtime


def build_definitions() -> dg.Definitions:
    orgs = [org.key for org in load_config().orgs]
    defs = dg.Definitions(
        assets=[
            *extraction_assets(orgs),
            wfm_hub_dbt,
            wfm_hub_dbt_realtime,
            activity_code_sync,
            privacy_retention,
            director_report,
        ]
        + stream_assets(orgs),
        jobs=[*JOBS, sync_activity_codes],
        schedules=SCHEDULES,
        sensors=[*SNAPSHOT_SENSORS, *RUN_SENSORS, *ALERT_SENSORS, *stream_sensors(orgs)],
        resources={"dbt": dbt_resource()},
        executor=executor(),  # WFM_HUB_EXECUTOR: multiprocess (default) or k8s, one pod per step
    )
    stream = dg.AssetSelection.tag("layer", "stream")  # written by wfm-hub listen, not by a schedule
    nightly = dg.AssetSelection.all() - REALTIME_ASSETS - dg.AssetSelection.groups("cross_org_sync") - stream
    with warnings.catch_warnings():  # map_resolved_asset_specs is a preview API; we pin Dagster
        warnings.simplefilter("ignore", dg.PreviewWarning)
        defs = defs.map_resolved_asset_specs(
            func=lambda s: dg.apply_freshness_policy(s, NIGHTLY_FRESHNESS), selection=nightly
        )
        return defs.map_resolved_asset_specs(
            func=lambda s: dg.apply_freshness_policy(s, SNAPSHOT_FRESHNESS), selection=REALTIME_ASSETS
        )


defs = build_definitions()


def job(name: str):
    """A job of ``defs`` by name, for ``dagster.reconstructable`` (runs that use the job's own
    multiprocess executor, e.g. ``make demo``)."""
    return defs.resolve_job_def(name)


def nightly_extract_job():
    return job("nightly_extract")


def nightly_transform_job():
    return job("nightly_transform")


def realtime_snapshot_job():
    return job("realtime_snapshot")
