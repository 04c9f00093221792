"""The table analysts read to see what failed: wfm_hub_ops.run_failures (destination-agnostic)."""

from __future__ import annotations

import dlt

from .status import OPS_DATASET
from .warehouse import destination, pipelines_dir, writer_lock


def record_failures(rows: list[dict]) -> None:
    if not rows:
        return
    pipeline = dlt.pipeline(
        pipeline_name="wfm_hub_ops_failures",
        destination=destination(),
        dataset_name=OPS_DATASET,
        pipelines_dir=str(pipelines_dir()),
    )
    resource = dlt.resource(
        rows,
        name="run_failures",
        write_disposition="append",
        columns={
            "failed_at": {"data_type": "timestamp"},
            "org_key": {"data_type": "text", "nullable": True},
            "partition": {"data_type": "text", "nullable": True},
        },
    )
    with writer_lock():
        pipeline.run(resource, loader_file_format="parquet")
