"""The table analysts read to see what failed: wfm_hub_ops.run_failures (destination-agnostic)."""

from __future__ import annotations

from .status import append_ops

COLUMNS = {
    "failed_at": {"data_type": "timestamp"},
    "org_key": {"data_type": "text", "nullable": True},
    "partition": {"data_type": "text", "nullable": True},
}


def record_failures(rows: list[dict]) -> None:
    if rows:
        append_ops("wfm_hub_ops_failures", "run_failures", rows, COLUMNS)
