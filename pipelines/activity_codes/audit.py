"""``wfm_hub_ops.activity_code_audit``: one appended row per write the sync made or attempted.

Who (the operator: ``--operator`` or the OS user, never a credential), when, which org, business unit
and code, what was done and how it ended, and the code before and after (JSON text, the same keys as
``plan.snapshot``).
"""

from __future__ import annotations

import orjson

from ..config import HubConfig
from ..status import append_ops

AUDIT_TABLE = "activity_code_audit"
PIPELINE = "wfm_hub_ops_activity_code_audit"  # its own dlt working directory: never shared with loads
COLUMNS = {
    "run_id": {"data_type": "text", "nullable": False},
    "applied_at": {"data_type": "timestamp", "nullable": False},
    "operator": {"data_type": "text", "nullable": False},
    "catalogue_source": {"data_type": "text"},
    "org_key": {"data_type": "text", "nullable": False},
    "region": {"data_type": "text"},
    "business_unit_id": {"data_type": "text", "nullable": False},
    "business_unit_name": {"data_type": "text"},
    "activity_code_id": {"data_type": "text", "nullable": True},
    "code_name": {"data_type": "text", "nullable": False},
    "action": {"data_type": "text", "nullable": False},
    "outcome": {"data_type": "text", "nullable": False},
    "changed_fields": {"data_type": "text", "nullable": True},
    "code_before": {"data_type": "text", "nullable": True},
    "code_after": {"data_type": "text", "nullable": True},
    "attempts": {"data_type": "bigint"},
    "error": {"data_type": "text", "nullable": True},
}


def _json(value) -> str | None:
    return None if value is None else orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()


def audit_rows(report, config: HubConfig) -> list[dict]:
    regions = {org.key: org.region for org in config.orgs}
    rows = []
    for r in report.results:
        a = r.action
        changed = sorted(k for k in (a.body or {}) if k != "name") if a.kind == "update" else None
        rows.append(
            {
                "run_id": report.run_id,
                "applied_at": r.at,
                "operator": report.operator,
                "catalogue_source": report.source,
                "org_key": a.org,
                "region": regions.get(a.org),
                "business_unit_id": a.business_unit_id,
                "business_unit_name": a.business_unit,
                "activity_code_id": r.code_id,
                "code_name": a.code,
                "action": a.kind,
                "outcome": r.outcome,
                "changed_fields": ",".join(changed) if changed else None,
                "code_before": _json(r.before),
                "code_after": _json(r.after),
                "attempts": r.attempts,
                "error": r.error,
            }
        )
    return rows


def record_audit(report, config: HubConfig) -> None:
    append_ops(PIPELINE, AUDIT_TABLE, audit_rows(report, config), COLUMNS)
