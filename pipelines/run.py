"""Load every configured org in one run: extract in parallel, load serially, record the outcome.

Orgs extract in parallel threads (each has its own OAuth token and rate limit, so parallelism is
real), then load one at a time under a lock: DuckDB allows one writing process and we keep to one
writing connection. One org failing (bad credentials, down, a job that never finishes, a page that
stays malformed) drops that org's pending load package and is recorded; the others load completely.
Every org's outcome, per resource and table, lands in ``wfm_hub_ops.run_status``.
"""

from __future__ import annotations

import contextlib
import random
import sys
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
from .environment import environment
from .genesys import EXTRACT_WORKERS, OrgStatus, backfilled_resources, genesys_source
from .genesys.client import Counters, GenesysClient, GenesysError
from .genesys.helpers import Windows
from .genesys.settings import DEFAULT_RESOURCES, RESOURCES, WINDOW_FAMILY
from .status import loading, print_report, record_status  # noqa: F401  (print_report: the CLI's)
from .warehouse import (
    WarehouseBusy,
    dataset_name,
    destination,
    pipeline_lock,
    pipeline_name,
    pipelines_dir,
    retry_while_duckdb_locked,
)


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
    peak_in_flight: int = 0  # the most calls that awaited their answer at once (at most extract.calls_in_flight)

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
    if isinstance(seen, (GenesysError, ConfigError, WarehouseBusy)):
        return str(seen)
    return f"{type(seen).__name__}: {seen}"


def _retryable(err: BaseException) -> bool:
    """Whether trying again later can help (a refused secret, a missing permission or a bad
    configuration will not cure themselves; the typed errors say so with ``retryable``)."""
    seen = _innermost(err)
    return not isinstance(seen, ConfigError) and getattr(seen, "retryable", True)


def make_pipeline(org_key: str, group: str | None = None):
    return dlt.pipeline(
        pipeline_name=pipeline_name(org_key, group),
        destination=destination(),
        dataset_name=dataset_name(org_key),
        pipelines_dir=str(pipelines_dir()),
    )


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
    windows, steps = None, {}
    try:
        # The run owns its pipeline (state, pending packages) until it ends: a second run of the same
        # org and group waits here instead of aborting this run's package.
        with pipeline_lock(name):
            pipeline = make_pipeline(org.key, group)
            windows = _windows(pipeline, name, config, resources, today, start, end)
            try:
                source = genesys_source(client, windows, status, snapshot_at).clone(with_name=name)
                with _timed(steps, "extract"):
                    pipeline.extract(
                        source.with_resources(*resources), loader_file_format="parquet", workers=EXTRACT_WORKERS
                    )
                with _timed(steps, "normalize"):
                    pipeline.normalize()
                with loading(), _timed(steps, "load"):
                    retry_while_duckdb_locked(pipeline.load, f"org {org.key}")
            except BaseException:
                pipeline.abort_packages()
                raise
        result = OrgResult(org, True, status, client.counters, time.monotonic() - began, windows=windows, steps=steps)
        result.peak_in_flight = client.limiter.peak
    except Exception as err:  # one org's failure never stops the others
        # resources run in parallel: the first one that failed is the cause (dlt may report another)
        err = status.failure or err
        result = OrgResult(
            org,
            False,
            status,
            client.counters,
            time.monotonic() - began,
            _root_cause(err),
            windows,
            steps,
            retryable=_retryable(err),
            peak_in_flight=client.limiter.peak,
        )
    finally:
        client.close()
    if progress:
        progress(result)
    return result


def _windows(pipeline, name: str, config: HubConfig, resources, today: date, start, end) -> Windows:
    """This run's windows. A package left pending by a killed run is discarded first (resuming it would
    re-run load jobs whose effect may already be committed: dlt re-copies into staging, and an scd2
    insert then doubles rows): local state rewinds to before it and this run reads its windows again.
    Only resources that never loaded read the backfill window (backfill state is per resource)."""
    if pipeline.has_pending_data:
        print(
            f"[{name}] a previous run was interrupted: its pending load package is discarded and its window re-read",
            file=sys.stderr,
        )
        pipeline.abort_packages()
    done = backfilled_resources(pipeline.state.get("sources", {}).get(name, {}))
    families = {WINDOW_FAMILY[r] for r in resources if r in WINDOW_FAMILY and r not in done}
    return Windows.for_run(config.extract, today, families, start, end)


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
    return environment().today or datetime.now(UTC).date()


def _stagger(index: int, seconds: float) -> float:
    """A fixed offset per org plus up to a second of jitter (0 when staggering is off)."""
    return index * seconds + random.uniform(0, min(1.0, seconds)) if seconds else 0.0
