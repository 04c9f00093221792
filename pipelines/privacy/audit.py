"""``wfm_hub_ops.erasure_audit``: who erased whom, when, where, how much; never a personal value.

One row per table or file group an erasure (or a retention run) changed, or one row with target
``-`` and 0 rows when it changed nothing. The person appears only as ``selector_sha256``, the sha256
of the selector kind and its normalized value (see ``Selector.digest``), so a later request for the
same person can be told "already erased" without the audit holding the address.
"""

from __future__ import annotations

from datetime import UTC, datetime

from ..sqlrun import columns, literal, rows
from ..status import OPS_DATASET, append_ops

TABLE = "erasure_audit"


def audit_rows(run_id: str, operator: str, kind: str, digest: str | None, changes: dict[str, int]) -> list[dict]:
    at = datetime.now(UTC)
    base = {"run_id": run_id, "erased_at": at, "operator": operator, "selector_kind": kind, "selector_sha256": digest}
    if not changes:
        return [{**base, "target": "-", "rows": 0}]
    return [{**base, "target": target, "rows": int(n)} for target, n in sorted(changes.items())]


def record_audit(rows_: list[dict]) -> None:
    """Append to wfm_hub_ops.erasure_audit (destination-agnostic, through dlt). Takes the writer lock."""
    hints = {
        "erased_at": {"data_type": "timestamp", "nullable": False},
        "selector_sha256": {"data_type": "text", "nullable": True},
        "rows": {"data_type": "bigint", "nullable": False},
    }
    append_ops("wfm_hub_ops_erasure_audit", TABLE, rows_, hints)


def earlier_erasures(client, digest: str) -> list[tuple]:
    """(run_id, erased_at) of earlier erasures of the same selector, newest first."""
    if not columns(client, OPS_DATASET, TABLE):
        return []
    return rows(
        client,
        f"select run_id, max(erased_at) from {OPS_DATASET}.{TABLE} where selector_sha256 = {literal(digest)} "
        "group by run_id order by 2 desc",
    )
