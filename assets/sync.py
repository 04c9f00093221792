"""Cross-org activity-code sync as a Dagster job: a dry run materializes the plan as metadata;
``apply: true`` makes the writes (paced, audited in wfm_hub_ops.activity_code_audit)."""

# No `from __future__ import annotations`: Dagster inspects the context type hints at runtime.

import dagster as dg

from pipelines.activity_codes import Plan, plan_all, sync
from pipelines.config import load_config


class SyncConfig(dg.Config):
    apply: bool = False  # dry run by default, like the CLI
    operator: str = "dagster"


@dg.asset(
    group_name="cross_org_sync",
    pool="duckdb_writer",
    kinds={"genesys"},
    description="The activity-code plan (create / update / skip / extra per org and business unit) "
    "against the catalogue; with apply, the writes are made and audited.",
)
def activity_code_sync(context: dg.AssetExecutionContext, config: SyncConfig) -> dg.MaterializeResult:
    hub = load_config()
    report = None
    if config.apply:
        plan, report = sync(hub, apply=True, operator=config.operator)
    else:
        plan = plan_all(hub)
    if report is not None and report.failed:
        raise dg.Failure(description="activity-code sync: some writes failed", metadata={"report": report.render()})
    context.log.info(plan.render())
    return dg.MaterializeResult(metadata=plan_metadata(plan, config.apply))


def plan_metadata(plan: Plan, applied: bool) -> dict:
    """The plan as asset metadata. Its text is plain text, never markdown: code and business-unit names
    come from the orgs, and one could otherwise close a code fence and inject headings or links."""
    return {
        "applied": applied,
        "writes": len(plan.writes),
        **plan.counts(),
        "plan": dg.MetadataValue.json(plan.to_dict()),
        "plan_text": dg.MetadataValue.text(plan.render()),
    }


sync_activity_codes = dg.define_asset_job(
    "sync_activity_codes",
    selection=[activity_code_sync],
    description="Activity codes hub -> spokes (dry run unless apply: true).",
)
