"""Sensors: the transform follows every nightly extraction, and every failed run is explained.

The transform runs whether the extraction succeeded or one org failed: the healthy orgs' new data
is consolidated that night, while the failed org's assets stay red and stale.
"""

# No `from __future__ import annotations`: Dagster inspects the context type hints at runtime.

from datetime import UTC, datetime

import dagster as dg

from pipelines.failures import record_failures

from .jobs import nightly_extract, nightly_transform


def _transform_request(context) -> dg.RunRequest:
    run = context.dagster_run
    return dg.RunRequest(
        run_key=f"transform-after-{run.run_id}",
        partition_key=run.tags.get("dagster/partition"),
        # the kind (nightly: the configured re-read windows) sets the transform's window (assets/transform.py)
        tags={"wfm_hub/after": run.run_id, **{k: v for k, v in run.tags.items() if k == "wfm_hub/kind"}},
    )


@dg.run_status_sensor(
    run_status=dg.DagsterRunStatus.SUCCESS,
    monitored_jobs=[nightly_extract],
    request_job=nightly_transform,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def transform_after_extract(context: dg.RunStatusSensorContext):
    return _transform_request(context)


@dg.run_failure_sensor(
    monitored_jobs=[nightly_extract], request_job=nightly_transform, default_status=dg.DefaultSensorStatus.RUNNING
)
def transform_after_failed_extract(context: dg.RunFailureSensorContext):
    return _transform_request(context)


def _step_orgs(context: dg.RunFailureSensorContext) -> dict[str, str]:
    """step key -> org key, from each step's ``org`` tag (assets/extract.py sets it on every org's op).

    Read from the run's execution plan, never parsed out of the step name: an org key may contain ``_``."""
    run = context.dagster_run
    plan = context.instance.get_execution_plan_snapshot(run.execution_plan_snapshot_id)
    if plan is None:
        return {}
    return {step.key: step.tags["org"] for step in plan.steps if step.tags and "org" in step.tags}


def failure_rows(context: dg.RunFailureSensorContext) -> list[dict]:
    """One row per failed step: which org, which assets, why."""
    run = context.dagster_run
    orgs = _step_orgs(context)
    rows = []
    for event in context.get_step_failure_events():
        step = event.step_key or "-"
        org = orgs.get(step)
        error = event.step_failure_data.error
        rows.append(
            {
                "run_id": run.run_id,
                "job_name": run.job_name,
                "step_key": step,
                "org_key": org,
                "partition": run.tags.get("dagster/partition"),
                "message": (error.message if error else "step failed").strip()[:2000],
                "failed_at": datetime.now(UTC),
            }
        )
    if not rows:
        rows.append(
            {
                "run_id": run.run_id,
                "job_name": run.job_name,
                "step_key": "-",
                "org_key": None,
                "partition": run.tags.get("dagster/partition"),
                "message": (context.failure_event.message or "run failed")[:2000],
                "failed_at": datetime.now(UTC),
            }
        )
    return rows


@dg.run_failure_sensor(default_status=dg.DefaultSensorStatus.RUNNING, name="explain_failed_runs")
def explain_failed_runs(context: dg.RunFailureSensorContext):
    """Log a clear message per failed step and append it to wfm_hub_ops.run_failures."""
    rows = failure_rows(context)
    for row in rows:
        who = f"org {row['org_key']}" if row["org_key"] else "the run"
        context.log.error(f"{row['job_name']} failed for {who} at step {row['step_key']}: {row['message']}")
    record_failures(rows)


RUN_SENSORS = [transform_after_extract, transform_after_failed_extract, explain_failed_runs]
