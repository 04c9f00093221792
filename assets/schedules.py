"""The nightly consolidation at 02:00 UTC and the real-time snapshot every few minutes.

Both are off in development and on in the deployment (WFM_HUB_SCHEDULES=on, set in deploy/).
"""

# No `from __future__ import annotations`: Dagster inspects the context type hints at runtime.

from datetime import timedelta

import dagster as dg

from pipelines.config import load_config
from pipelines.environment import environment
from pipelines.genesys.settings import RESOURCES
from pipelines.realtime.health import streaming_orgs

from .jobs import nightly_extract, realtime_snapshot
from .keys import raw_key

# read when the definitions load (pipelines/environment.py: WFM_HUB_SCHEDULES, WFM_HUB_SNAPSHOT_SECONDS)
_ON = environment().schedules_on
DEFAULT_STATUS = dg.DefaultScheduleStatus.RUNNING if _ON else dg.DefaultScheduleStatus.STOPPED
SENSOR_STATUS = dg.DefaultSensorStatus.RUNNING if _ON else dg.DefaultSensorStatus.STOPPED
SNAPSHOT_SECONDS = environment().snapshot_seconds


def nightly_run_config() -> dict:
    """Every extraction step of the nightly run uses the configured re-read windows."""
    return {"ops": {name: {"config": {"default_windows": True}} for name in _activity_ops()}}


def _activity_ops() -> list[str]:
    from .extract import step_name

    return [step_name(org.key, "activity") for org in load_config().orgs]


@dg.schedule(
    job=nightly_extract,
    cron_schedule="0 2 * * *",
    execution_timezone="UTC",
    default_status=DEFAULT_STATUS,
    description="02:00 UTC: extract every org (re-read windows) for yesterday's partition; the "
    "transform follows when it ends (sensors.transform_after_extract).",
)
def nightly_consolidation(context: dg.ScheduleEvaluationContext):
    yesterday = (context.scheduled_execution_time - timedelta(days=1)).date().isoformat()
    return dg.RunRequest(
        run_key=f"nightly-{yesterday}",
        partition_key=yesterday,
        run_config=nightly_run_config(),
        tags={"wfm_hub/kind": "nightly"},
    )


@dg.sensor(
    job=realtime_snapshot,
    minimum_interval_seconds=SNAPSHOT_SECONDS,
    default_status=SENSOR_STATUS,
    description=f"Real-time adherence snapshot every {SNAPSHOT_SECONDS} s (WFM_HUB_SNAPSHOT_SECONDS, "
    "min 30) of every org whose adherence the stream (wfm-hub listen) does not push right now; each org "
    "polled at its own offset plus jitter.",
)
def realtime_snapshot_sensor(context: dg.SensorEvaluationContext):
    running = context.instance.get_runs(
        filters=dg.RunsFilter(
            job_name=realtime_snapshot.name,
            statuses=[dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.STARTING],
        ),
        limit=1,
    )
    if running:
        return dg.SkipReason("the previous snapshot is still running")
    orgs = [org.key for org in load_config().orgs]
    pushed = streaming_orgs(orgs)  # the stream's status files: streaming, every unit, heard from lately
    if pushed == set(orgs):
        return dg.SkipReason(f"every org's adherence is pushed by the stream ({', '.join(orgs)})")
    if not pushed:
        return dg.RunRequest(tags={"wfm_hub/kind": "snapshot"})
    polled = [org for org in orgs if org not in pushed]
    keys = [raw_key(org, table) for org in polled for table in RESOURCES["realtime_adherence"]]
    return dg.RunRequest(
        asset_selection=[*keys, dg.AssetKey(["marts", "rpt_global_adherence_snapshot"])],
        tags={"wfm_hub/kind": "snapshot", "wfm_hub/polled": ",".join(polled)},
    )


SCHEDULES = [nightly_consolidation]
SNAPSHOT_SENSORS = [realtime_snapshot_sensor]
