"""Load every configured org in one run: extract in parallel, load serially, record the outcome.

Orgs extract in parallel threads (each has its own OAuth token and rate limit, so parallelism is
real), then load one at a time under a lock: DuckDB allows one writing process and we keep to one
writing connection. One org failing (bad credentials, down, a job that never finishes, a page that
stays malformed) drops that org's pending load package and is recorded; the others load completely.
Every org's outcome, per resource and table, lands in ``wfm_hub_ops.run_status``.
"""

from __future__ import annotations

import contextlib
import os
import random
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import dlt

# Import these once, here: two extract threads importing them at the same time race (partially
# initialized module errors).
import dlt.common.libs.pyarrow  # noqa: F401
import pyarrow.parquet  # noqa: F401

with contextlib.suppress(ImportError):  # dlt probes pandas types lazily during extract; rows never go through pandas
    import pandas  # noqa: F401

from .config import ConfigError, Credentials, HubConfig, OrgConfig, credentials, load_config
from .genesys import OrgStatus, genesys_source
from .genesys.client import AuthFailed, Counters, GenesysClient, GenesysError
from .genesys.helpers import Windows
from .genesys.settings import DEFAULT_RESOURCES, RESOURCES
from .warehouse import dataset_name, destination, pipeline_name, pipelines_dir, status_pipeline_name, writer_lock

LOAD_LOCK = threading.Lock()  # one loading thread per process; writer_lock() orders processes
OPS_DATASET = "wfm_hub_ops"


@dataclass
class OrgResult:
    org: OrgConfig
    ok: bool
    status: OrgStatus
    counters: Counters
    seconds: float
    error: str | None = None
    windows: Windows | None = None
    steps: dict[str, float] = field(default_factory=dict)  # seconds in extract (API + pages), normalize, load
    retryable: bool = True  # False when retrying cannot help (credentials refused, bad configuration)

    def rows(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for entry in self.status.resources.values():
            for table, n in entry.rows.items():
                out[table] = out.get(table, 0) + n
        return out


@dataclass
class RunReport:
    run_id: str
    results: list[OrgResult] = field(default_factory=list)

    @property
    def failed(self) -> list[OrgResult]:
        return [r for r in self.results if not r.ok]


def _innermost(err: BaseException) -> BaseException:
    """The most specific exception in a chain (dlt wraps step failures)."""
    seen = err
    while True:
        nxt = getattr(seen, "exception", None) or seen.__cause__
        if nxt is None or nxt is seen:
            return seen
        seen = nxt


def _root_cause(err: BaseException) -> str:
    seen = _innermost(err)
    if isinstance(seen, (GenesysError, ConfigError)):
        return str(seen)
    return f"{type(seen).__name__}: {seen}"


def make_pipeline(org_key: str, group: str | None = None):
    return dlt.pipeline(
        pipeline_name=pipeline_name(org_key, group),
        destination=destination(),
        dataset_name=dataset_name(org_key),
        pipelines_dir=str(pipelines_dir()),
    )


@contextmanager
def _loading():
    with LOAD_LOCK, writer_lock():
        yield


@contextmanager
def _timed(steps: dict[str, float], name: str):
    began = time.monotonic()
    try:
        yield
    finally:
        steps[name] = round(time.monotonic() - began, 2)


def run_org(
    org: OrgConfig,
    creds: Credentials,
    config: HubConfig,
    resources: tuple[str, ...],
    today: date,
    start: date | None,
    end: date | None,
    snapshot_at: str | None,
    progress=None,
    on_resource=None,
    group: str | None = None,
    delay: float = 0.0,
) -> OrgResult:
    if delay:
        time.sleep(delay)  # staggered polling (real-time snapshot): orgs never polled at the same instant
    began = time.monotonic()
    status = OrgStatus(org.key, on_finish=on_resource)
    client = GenesysClient(org, creds, config.extract)
    name = pipeline_name(org.key, group)
    pipeline = make_pipeline(org.key, group)
    if pipeline.has_pending_data:
        # A package left by a killed run. Resuming it would re-run load jobs whose effect may already
        # be committed (dlt re-copies into staging, and an scd2 insert then doubles rows), so it is
        # aborted: local state rewinds to before it and this run reads its windows again.
        print(
            f"[{org.key}] a previous run was interrupted: its pending load package is discarded and its window re-read",
            file=sys.stderr,
        )
        pipeline.abort_packages()
    first_run = not pipeline.state.get("sources", {}).get(name, {}).get("backfilled")
    windows = Windows.for_run(config.extract, today, first_run, start, end)
    steps: dict[str, float] = {}
    try:
        source = genesys_source(client, windows, status, snapshot_at).clone(with_name=name).with_resources(*resources)
        with _timed(steps, "extract"):
            pipeline.extract(source, loader_file_format="parquet")
        with _timed(steps, "normalize"):
            pipeline.normalize()
        with _loading(), _timed(steps, "load"):
            pipeline.load()
        result = OrgResult(org, True, status, client.counters, time.monotonic() - began, windows=windows, steps=steps)
    except Exception as err:  # one org's failure never stops the others
        pipeline.abort_packages()
        result = OrgResult(
            org,
            False,
            status,
            client.counters,
            time.monotonic() - began,
            _root_cause(err),
            windows,
            steps,
            retryable=not isinstance(_innermost(err), (AuthFailed, ConfigError)),
        )
    finally:
        client.close()
    if progress:
        progress(result)
    return result


def status_rows(report: RunReport) -> list[dict]:
    rows = []
    for result in report.results:
        c = result.counters
        for name, entry in result.status.resources.items():
            base = {
                "run_id": report.run_id,
                "org_key": result.org.key,
                "region": result.org.region,
                "resource": name,
                "started_at": entry.started,
                "finished_at": entry.finished,
                "requests": c.requests.get(name, 0),
                "retries": c.retries.get(name, 0),
                "status_429": c.status_429.get(name, 0),
                "outcome": entry.outcome if result.ok or entry.outcome != "success" else "not loaded",
                "error": entry.error or (None if result.ok else result.error),
            }
            for table in RESOURCES[name]:
                rows.append({**base, "table_name": table, "rows": entry.rows.get(table, 0)})
        if not result.status.resources:  # failed before any resource ran (e.g. bad credentials)
            rows.append(
                {
                    "run_id": report.run_id,
                    "org_key": result.org.key,
                    "region": result.org.region,
                    "resource": "-",
                    "table_name": "-",
                    "rows": 0,
                    "requests": c.total("requests"),
                    "retries": c.total("retries"),
                    "status_429": c.total("status_429"),
                    "outcome": "failed",
                    "error": result.error,
                    "started_at": None,
                    "finished_at": None,
                }
            )
    return rows


def record_status(report: RunReport, group: str | None = None) -> None:
    # a pipeline per org set and group: concurrent processes never share a dlt working directory
    pipeline = dlt.pipeline(
        pipeline_name=status_pipeline_name([r.org.key for r in report.results], group),
        destination=destination(),
        dataset_name=OPS_DATASET,
        pipelines_dir=str(pipelines_dir()),
    )
    resource = dlt.resource(
        status_rows(report),
        name="run_status",
        write_disposition="append",
        columns={
            "started_at": {"data_type": "timestamp"},
            "finished_at": {"data_type": "timestamp"},
            "error": {"data_type": "text", "nullable": True},
        },
    )
    with _loading():
        pipeline.run(resource, loader_file_format="parquet")


def run(
    org_keys: list[str] | None = None,
    resources: list[str] | None = None,
    *,
    start: date | None = None,
    end: date | None = None,
    today: date | None = None,
    snapshot_at: str | None = None,
    config: HubConfig | None = None,
    progress=None,
    on_resource=None,
    group: str | None = None,
    stagger_seconds: float = 0.0,
) -> RunReport:
    """Load the selected orgs (default: all) and resources (default: all but the real-time snapshot)."""
    config = config or load_config()
    orgs = [config.org(k) for k in org_keys] if org_keys else list(config.orgs)
    chosen = tuple(resources or DEFAULT_RESOURCES)
    unknown = [r for r in chosen if r not in RESOURCES]
    if unknown:
        raise ConfigError(f"--resources: unknown {unknown}; choose from {list(RESOURCES)}")
    if (start is None) != (end is None) or (start and end and start >= end):
        raise ConfigError("--start and --end go together and --start must be before --end")
    secrets = {org.key: credentials(org) for org in orgs}  # every secret checked before any request
    today = today or default_today()
    report = RunReport(uuid.uuid4().hex[:12])
    with ThreadPoolExecutor(max_workers=max(1, min(len(orgs), 10)), thread_name_prefix="org") as pool:
        futures = [
            pool.submit(
                run_org,
                org,
                secrets[org.key],
                config,
                chosen,
                today,
                start,
                end,
                snapshot_at,
                progress,
                on_resource,
                group,
                _stagger(i, stagger_seconds),
            )
            for i, org in enumerate(orgs)
        ]
        report.results = [f.result() for f in futures]
    record_status(report, group)
    return report


def default_today() -> date:
    """Today in UTC, or WFM_HUB_TODAY (the simulator's anchor date in demos and tests)."""
    override = os.environ.get("WFM_HUB_TODAY")
    return date.fromisoformat(override) if override else datetime.now(UTC).date()


def _stagger(index: int, seconds: float) -> float:
    """A fixed offset per org plus up to a second of jitter (0 when staggering is off)."""
    return index * seconds + random.uniform(0, min(1.0, seconds)) if seconds else 0.0


def print_report(report: RunReport, out=sys.stdout) -> None:
    tables = sorted({t for r in report.results for t in r.rows()})
    keys = [r.org.key for r in report.results]
    width = max([len(t) for t in tables] + [12])
    print(f"\n{'table':<{width}} " + " ".join(f"{k:>10}" for k in keys), file=out)
    for table in tables:
        print(f"{table:<{width}} " + " ".join(f"{r.rows().get(table, 0):>10,}" for r in report.results), file=out)
    for label, what in (("requests", "requests"), ("retries", "retries"), ("429s", "status_429")):
        print(f"{label:<{width}} " + " ".join(f"{r.counters.total(what):>10,}" for r in report.results), file=out)
    print(f"{'seconds':<{width}} " + " ".join(f"{r.seconds:>10.1f}" for r in report.results), file=out)
    for r in report.results:
        skipped = [f"{n} ({e.error})" for n, e in r.status.resources.items() if e.outcome == "skipped"]
        if not r.ok:
            print(f"FAILED {r.org.key}: {r.error}", file=out)
        elif skipped:
            print(f"PARTIAL {r.org.key}: skipped {', '.join(skipped)}", file=out)
