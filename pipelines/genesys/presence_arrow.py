"""User presence answers read straight into Arrow columns, without a Python object per value.

Why: user presence is most of an org's rows (about 80% of a 5,000-agent org-week), and reading its answers
one Python dict at a time (JSON objects, then a row dict per metric, then a list per column) cost about
8 CPU-seconds per million rows, the pipeline's largest single cost (docs/benchmarks.md). Arrow's JSON
reader parses the answer in C++ and the nesting (results, their data buckets, their metrics) is
flattened with Arrow compute: about a tenth of the time.

The fast path takes only answers it understands completely; anything else (not one JSON object, an
unexpected shape or type, text that needs repair) raises ``ValueError`` and the client
decodes the answer the ordinary way (``answers.decode``), which ``helpers.presence_rows`` then shapes:
the same rows either way (tests/unit/test_presence_arrow.py), and never fewer.
"""

from __future__ import annotations

import io

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pj

from .helpers import ARROW_TYPES
from .settings import TABLES

PRESENCE = "user_presence"
_MICROS_PER_MINUTE = 60_000_000


def presence_answer(content: bytes) -> pa.Table:
    """A users aggregates answer (``{results: [{group: {userId}, data: [{interval, metrics: [{metric,
    qualifier, stats: {sum}}]}]}]}``) as the ``user_presence`` columns other than the org's: one row per
    metric of every bucket, in the answer's order. Raises ``ValueError`` for anything else."""
    try:
        read = pj.read_json(
            io.BytesIO(content), read_options=pj.ReadOptions(block_size=len(content) + 64, use_threads=False)
        )
        if read.num_rows != 1:
            raise ValueError("not one JSON object")
        if "results" not in read.column_names:
            return _empty()
        results = pc.list_flatten(read.column("results").combine_chunks())
        data = results.field("data")
        buckets = pc.list_flatten(data)
        metrics = buckets.field("metrics")
        values = pc.list_flatten(metrics)
        of_bucket = pc.list_parent_indices(metrics)
        of_result = pc.list_parent_indices(data).take(of_bucket)
        bounds = pc.split_pattern(buckets.field("interval").take(of_bucket), "/", max_splits=1)
        start = pc.list_element(bounds, 0).cast(ARROW_TYPES["timestamp"])
        end = pc.list_element(bounds, 1).cast(ARROW_TYPES["timestamp"])
        minutes = pc.divide(pc.subtract(end, start).cast(pa.int64()), _MICROS_PER_MINUTE)
        metric = values.field("metric")
        names = {f.name for f in values.type}
        stats = values.field("stats") if "stats" in names else None
        if metric.null_count or start.null_count or end.null_count:
            raise ValueError("a bucket without an interval or a metric without its name")
        columns = {
            "user_id": results.field("group").field("userId").take(of_result),
            "interval_start": start,
            "interval_minutes": minutes,
            "metric": metric,
            "qualifier": values.field("qualifier") if "qualifier" in names else pa.nulls(len(values), pa.string()),
            "milliseconds": pc.fill_null(stats.field("sum"), 0) if stats is not None else pa.repeat(0, len(values)),
        }
        return pa.table({name: array.cast(_type(name)) for name, array in columns.items()})
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, KeyError, AttributeError) as err:
        raise ValueError(f"not read as Arrow: {type(err).__name__}") from None


def with_org(org: dict, table: pa.Table) -> pa.Table:
    """``table`` with the org's columns first and the contract's column order and types."""
    n = table.num_rows
    contract = TABLES[PRESENCE]["columns"]
    fields = [pa.field(name, _type(name), nullable=hint.get("nullable", True)) for name, hint in contract.items()]
    arrays = [pa.array([org[f.name]] * n, f.type) if f.name in org else table.column(f.name) for f in fields]
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def _type(name: str) -> pa.DataType:
    return ARROW_TYPES[TABLES[PRESENCE]["columns"][name]["data_type"]]


def _empty() -> pa.Table:
    names = [name for name in TABLES[PRESENCE]["columns"] if name not in ("org_id", "org_key", "region")]
    return pa.table({name: pa.array([], _type(name)) for name in names})
