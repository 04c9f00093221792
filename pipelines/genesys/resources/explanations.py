"""Adherence explanations per business unit: who explained which late start, and the review.

POST ``/businessunits/{id}/adherence/explanations/query`` (SDK v269, permission
``wfm:adherenceExplanation:view``) takes a date range of the explanations' starts and answers inline, with
a ``downloadUrl``, or 202 and a job (``jobs.job_payload``). The ranges are the business unit's local
midnights over the resource's window, at most ``QUERY_DAYS`` each: Genesys documents no limit, the
simulator takes 31 days (744 hours, an assumption), and 30 local days stay under it even with a DST hour.
An explanation carries no modification stamp while its status still changes (Pending -> Approved or
Denied), so the window is re-read every run and merged on the id; a deleted one is removed and a Pending
one is followed past the window (``tracked.Tracked``).
"""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from ..helpers import chunks, iso, local_midnight, parse_ts
from ..settings import WFM
from ..structure import Extraction
from .jobs import job_payload
from .tracked import Tracked

QUERY_DAYS = 30
OPEN = frozenset({"Pending"})


def explanation_row(cols: dict, bu_id: str, tz: str, e: dict) -> dict:
    start = parse_ts(e["startDate"])
    return {
        **cols,
        "explanation_id": e["id"],
        "business_unit_id": bu_id,
        "management_unit_id": (e.get("managementUnit") or {}).get("id"),
        "user_id": e["agent"]["id"],
        "type": e.get("type"),
        "status": e["status"],
        "start_date": e["startDate"],
        "business_unit_date": start.astimezone(ZoneInfo(tz)).date(),
        "length_minutes": e.get("lengthMinutes"),
        "notes": e.get("notes"),
        "reviewed_by": (e.get("reviewedBy") or {}).get("id"),
        "reviewed_date": e.get("reviewedDate"),
    }


def _job_of(answer: dict) -> tuple[str | None, str | None]:
    job = answer.get("job") if isinstance(answer.get("job"), dict) else answer  # the POST nests it
    return job.get("id"), job.get("status")


def explanation_window(windows) -> tuple:
    """The schedule window up to tomorrow: an explanation explains time already worked, none lies ahead."""
    start, end = windows.schedules
    return start, min(end, windows.adherence[1] + timedelta(days=1))


def adherence_explanations(x: Extraction):
    """Every business unit's queries at once, each unit's ranges in flight together (``GenesysClient.each``:
    urgent, a job's POST leads to its polls and download); rows handed on in business-unit order, each unit's
    read settled once all its ranges were answered."""
    c = x.client
    window = explanation_window(x.windows)
    tracked = Tracked("known_explanations", OPEN)
    bus = x.org.business_units
    reads = [(bu, tracked.read_from(bu["id"], window[0])) for bu in bus]  # here: dlt's state is this thread's

    def query(read) -> dict[str, dict]:
        bu, start = read
        tz = bu["settings"]["timeZone"]
        path = f"{WFM}/businessunits/{bu['id']}/adherence/explanations/query"

        def job(span) -> dict:
            body = {"startDate": iso(local_midnight(span[0], tz)), "endDate": iso(local_midnight(span[1], tz))}
            return job_payload(
                c,
                lambda: c.post(path, body),
                job_of=_job_of,
                job_path=lambda job_id: f"{WFM}/adherence/explanations/jobs/{job_id}",
                key="result",
                expect=("entities",),
            )

        found: dict[str, dict] = {}
        for listing in c.each(job, chunks(start, window[1], QUERY_DAYS), urgent=True):
            found.update({e.get("id"): e for e in listing["entities"] if isinstance(e, dict)})
        return found

    for (bu, start), found in zip(reads, c.each(query, reads, urgent=True), strict=True):
        rows = x.rows(explanation_row, found.values(), bu["id"], bu["settings"]["timeZone"])
        gone = tracked.settle(
            bu["id"],
            (start, window[1]),
            set(found),
            {r["explanation_id"]: (r["business_unit_date"], r["status"]) for r in rows},
        )
        yield rows + [{**x.cols, "explanation_id": i, "business_unit_id": bu["id"], "deleted": True} for i in gone]
