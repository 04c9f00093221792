"""The nightly's retention step (docs/privacy.md): old raw detail dropped, people long gone pseudonymized.

An asset in group ``operations``, part of ``nightly_transform``; it writes the warehouse, so it shares
the ``duckdb_writer`` pool with the dbt build. What it did is its metadata and
``wfm_hub_ops.erasure_audit`` rows. With both settings off (the default) it does nothing and says so.
"""

# No `from __future__ import annotations`: Dagster inspects the context type hints at runtime.

import dagster as dg

from pipelines.config import load_config


@dg.asset(
    name="privacy_retention",
    key_prefix=["operations"],
    group_name="operations",
    pool="duckdb_writer",
    kinds={"python"},
    description="[retention] of the orgs file: drop raw detail older than raw_detail_days, pseudonymize people "
    "inactive for pseudonymize_after_months (both off by default); audited in wfm_hub_ops.erasure_audit.",
)
def privacy_retention(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    from pipelines.privacy.retention import apply_retention

    config = load_config()
    report = apply_retention(config)
    context.log.info(f"retention: {report.metadata()}")
    return dg.MaterializeResult(metadata=report.metadata())
