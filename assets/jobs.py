"""Jobs: the nightly consolidation (extract, then transform), the real-time snapshot, backfills."""

from __future__ import annotations

import dagster as dg

# Transient failures (an org briefly down, a network blip) get three more tries with backoff;
# the HTTP client already retries single requests, this covers a whole step.
STEP_RETRY = dg.RetryPolicy(max_retries=3, delay=10, backoff=dg.Backoff.EXPONENTIAL, jitter=dg.Jitter.PLUS_MINUS)

# the snapshot's raw tables (genesys/<org>/realtime_adherence) and its report
REALTIME_ASSETS = (
    dg.AssetSelection.tag("layer", "raw") & dg.AssetSelection.key_substring("/realtime_adherence")
) | dg.AssetSelection.key_substring("rpt_global_adherence_snapshot")
EXTRACT = dg.AssetSelection.tag("layer", "raw") - REALTIME_ASSETS
TRANSFORM = dg.AssetSelection.groups("dbt_staging", "dbt_intermediate", "dbt_marts", "dbt_reports", "dbt_seeds")
OPERATIONS = dg.AssetSelection.groups("operations")  # retention (assets/retention.py)

nightly_extract = dg.define_asset_job(
    "nightly_extract",
    selection=EXTRACT,
    op_retry_policy=STEP_RETRY,
    description="Every org's extraction (orgs in parallel steps; loads queue on the warehouse writer lock).",
)
nightly_transform = dg.define_asset_job(
    # one retry only: a dbt failure is rarely transient, and a build takes minutes
    "nightly_transform",
    selection=(TRANSFORM - REALTIME_ASSETS) | OPERATIONS,
    op_retry_policy=dg.RetryPolicy(max_retries=1, delay=30),
    description="dbt build (models and tests), the reports and retention, after the nightly extraction.",
)
realtime_snapshot = dg.define_asset_job(
    "realtime_snapshot",
    selection=REALTIME_ASSETS,
    op_retry_policy=dg.RetryPolicy(max_retries=1, delay=5),
    description="The real-time adherence snapshot of every org and its report.",
)

JOBS = [nightly_extract, nightly_transform, realtime_snapshot]
