"""dlt source for one Genesys Cloud org: every WFM entity, yielded a page at a time.

Each resource (``resources.REGISTRY``) is tracked: rows, requests, retries, 429s and data-quality
warnings are counted per resource, and a missing permission (403) is recorded and skipped so the org's
other resources still load. Any other error propagates: the run fails for this org and nothing partial
is committed for it. A resource that finished is recorded as backfilled in the source state (which
travels with the load package), so only resources that never loaded read the backfill window.

The resources run at the same time (dlt's ``parallelized`` resources, one extract worker each:
``EXTRACT_WORKERS``), so one resource's waits never hold up another's calls; their calls share the
org's client, whose limiter bounds what is in flight (``pacing``). Each resource's pages keep their order.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime

import dlt

from .client import GenesysClient, PermissionDenied, Stopped
from .emit import emit
from .helpers import Windows
from .resources import REGISTRY
from .settings import COMPLETE_LISTINGS, RESOURCES
from .structure import Extraction, OrgStructure

__all__ = ["EXTRACT_WORKERS", "OrgStatus", "ResourceStatus", "genesys_source", "backfilled_resources"]

EXTRACT_WORKERS = len(REGISTRY)  # dlt extract threads: every resource of an org advances at once
_STATE = threading.Lock()  # the source state's backfill flags, written by resources in parallel threads


@dataclass
class ResourceStatus:
    started: datetime | None = None
    finished: datetime | None = None
    rows: dict[str, int] = field(default_factory=dict)  # per table the resource writes
    outcome: str = "not run"
    error: str | None = None


@dataclass
class OrgStatus:
    org_key: str
    resources: dict[str, ResourceStatus] = field(default_factory=dict)
    on_finish: object = None  # called with (org_key, resource name, ResourceStatus): progress display
    failure: BaseException | None = None  # the first resource failure: the org's cause (``_tracked``)

    def get(self, name: str) -> ResourceStatus:
        return self.resources.setdefault(name, ResourceStatus())


def backfilled_resources(source_state: dict) -> set[str]:
    """Resources an earlier committed run loaded in full (state written by ``_tracked``). The old
    org-wide flag (``True``) counts for every resource."""
    flag = source_state.get("backfilled")
    if flag is True:
        return set(RESOURCES)
    return {name for name, done in (flag or {}).items() if done}


def _tracked(status: OrgStatus, extraction: Extraction, name: str):
    """Run a resource function under its label; count rows; record 403s and failures; hold the pages
    of complete listings until the listing finished (a listing cut short loads nothing)."""
    client = extraction.client

    def run():
        entry = status.get(name)
        entry.started, entry.outcome = datetime.now(UTC), "running"
        pages = REGISTRY[name](extraction)
        held = []
        while True:
            try:
                with client.counters.labelled(name):
                    page = next(pages)
            except StopIteration:
                entry.outcome = "success"
                break
            except PermissionDenied as err:
                entry.outcome, entry.error = "skipped", f"missing permission {err.permission}"
                held = []
                break
            except Stopped:  # another resource failed first: its error is the org's (no error of its own)
                entry.outcome, entry.finished = "stopped", datetime.now(UTC)
                raise
            except Exception as err:
                entry.outcome, entry.error = "failed", str(err)
                entry.finished = datetime.now(UTC)
                with _STATE:
                    status.failure = status.failure or err
                client.stop(f"{name}: {type(err).__name__}")  # the org's other resources give up at once
                raise
            if not hasattr(page, "meta"):  # a plain page belongs to the resource's main table
                page = emit(RESOURCES[name][0], page)
            table, rows = page.meta.hints["table_name"], page.data
            entry.rows[table] = entry.rows.get(table, 0) + len(rows)
            if not len(rows):
                continue
            if name in COMPLETE_LISTINGS:
                held.append(page)
            else:
                yield page
        yield from held
        if entry.outcome == "success":
            with _STATE:
                state = dlt.current.source_state()
                if not isinstance(state.get("backfilled"), dict):  # the old org-wide flag, or none yet
                    state["backfilled"] = dict.fromkeys(backfilled_resources(state), True)
                state["backfilled"][name] = True
        if entry.outcome == "skipped" and name in COMPLETE_LISTINGS:
            entry.rows = dict.fromkeys(entry.rows, 0)  # its held pages were dropped
        entry.finished = datetime.now(UTC)
        if status.on_finish:
            status.on_finish(status.org_key, name, entry)

    return run


@dlt.source(name="genesys", max_table_nesting=0)
def genesys_source(client: GenesysClient, windows: Windows, status: OrgStatus, snapshot_at: str | None = None):
    """Every resource of one org. ``windows`` bounds the time-windowed ones; ``snapshot_at`` stamps
    the real-time adherence snapshot (default: now)."""
    extraction = Extraction(client, OrgStructure(client), windows, snapshot_at)
    # Every page carries its table's hints (``emit``), so the resources themselves need none.
    return [dlt.resource(_tracked(status, extraction, name), name=name, parallelized=True) for name in REGISTRY]
