"""Jobs: the nightly consolidation (extract, then transform), the real-time snapshot, backfills."""

from __future__ import annotations

import dagster as dg

from .transform import REALTIME_MODELS

# Transient failures (an org briefly down, a network blip) get three more tries with backoff;
# the HTTP client already retries single requests, this covers a whole step.
STEP_RETRY = dg.RetryPolicy(max_retries=3, delay=10, backoff=dg.Backoff.EXPONENTIAL, jitter=dg.Jitter.PLUS_MINUS)

# the snapshot's raw tables (genesys/<org>/realtime_adherence) and the models it rebuilds (transform.REALTIME_MODELS)
REALTIME_RAW = dg.AssetSelection.tag("layer", "raw") & dg.AssetSelection.key_substring("/realtime_adherence")
REALTIME_ASSETS = REALTIME_RAW | dg.AssetSelection.assets(
    *(["staging" if m.startswith("stg_") else "marts", m] for m in REALTIME_MODELS)
)
EXTRACT = dg.AssetSelection.tag("layer", "raw") - REALTIME_RAW
TRANSFORM = dg.AssetSelection.groups("dbt_staging", "dbt_intermediate", "dbt_marts", "dbt_reports", "dbt_seeds")
OPERATIONS = dg.AssetSelection.groups("operations")  # retention (assets/retention.py)
REPORTS = dg.AssetSelection.groups("reports")  # the director's report (assets/report.py), after the report marts

nightly_extract = dg.define_asset_job(
    "nightly_extract",
    selection=EXTRACT,
    op_retry_policy=STEP_RETRY,
    description="Every org's extraction (orgs in parallel steps; loads queue on the warehouse writer lock).",
)
nightly_transform = dg.define_asset_job(
    # one retry only: a dbt failure is rarely transient, and a build takes minutes; the real-time models too, so
    # the reports reading them exist from the first night
    "nightly_transform",
    selection=TRANSFORM | OPERATIONS | REPORTS,
    op_retry_policy=dg.RetryPolicy(max_retries=1, delay=30),
    description="dbt build (models and tests), retention and the director's report, after the nightly extraction.",
)
realtime_snapshot = dg.define_asset_job(
    "realtime_snapshot",
    selection=REALTIME_ASSETS,
    op_retry_policy=dg.RetryPolicy(max_retries=1, delay=5),
    description="The real-time adherence snapshot of every org and its report.",
)

JOBS = [nightly_extract, nightly_transform, realtime_snapshot]
