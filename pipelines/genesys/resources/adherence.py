"""Historical adherence (the bulk job) and the real-time adherence snapshot, per management unit.

Business units' jobs run at the same time, as do a job's downloads and the units' snapshots
(``GenesysClient.each``); results are handed on in business-unit and item order.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from ..client import DOWNLOAD_REFRESHES, DownloadRefused, JobFailed, MalformedAnswer
from ..emit import emit
from ..helpers import adherence_rows, chunks, iso, local_midnight, realtime_row
from ..settings import ADHERENCE_CHUNK_DAYS, ADHERENCE_ITEM_MAX_HOURS, WFM
from ..structure import Extraction

BULK = f"{WFM}/adherence/historical/bulk"
DOWNLOAD_EXPECT = ("managementUnitId", "startDate", "userResults")


def adherence_items(window: tuple[date, date], tz: str, mu_ids: list[str]) -> list[dict]:
    """Bulk items: local midnight to local midnight in the business unit's zone, at most 7 days and never
    longer than ADHERENCE_ITEM_MAX_HOURS (a fall-back week has 169 hours: its last day gets an item of
    its own), one per management unit."""
    spans: list[tuple[date, date]] = []
    for a, b in chunks(*window, ADHERENCE_CHUNK_DAYS):
        hours = (local_midnight(b, tz) - local_midnight(a, tz)).total_seconds() / 3600
        if hours > ADHERENCE_ITEM_MAX_HOURS:
            spans += [(a, b - timedelta(days=1)), (b - timedelta(days=1), b)]
        else:
            spans.append((a, b))
    return [
        {
            "managementUnitId": mu,
            "startDate": iso(local_midnight(a, tz)),
            "endDate": iso(local_midnight(b, tz)),
            "includeExceptions": True,
        }
        for a, b in spans
        for mu in mu_ids
    ]


def _job_state(answer: dict):
    return (answer.get("job") or {}).get("status")


def _complete_job(x: Extraction, tz: str, items: list[dict]) -> dict:
    """Submit the bulk job and wait until it is Complete (an answer that already is, is used as is)."""
    c = x.client
    started = c.post(BULK, {"timeZone": tz, "items": items}, expect=("job.id", "job.status"))
    return c.wait_for_job(f"{BULK}/jobs/{started['job']['id']}", state_of=_job_state, first=started)


def _downloads(x: Extraction, tz: str, items: list[dict]) -> list[dict]:
    """Every item's result. A Complete job must carry a download for every item: none, or one missing,
    is a failure, never "no adherence". A refused (expired) download re-polls the job for fresh URLs,
    then submits the job again, then fails retryably."""
    c = x.client
    wanted = {(item["managementUnitId"], item["startDate"]) for item in items}
    done: dict = {}
    for attempt in range(DOWNLOAD_REFRESHES + 1):  # fresh URLs: the job's route again, then a new job
        done = c.get(f"{BULK}/jobs/{done['job']['id']}") if attempt == 1 else _complete_job(x, tz, items)
        urls = done.get("downloadUrls") or []
        if not urls:
            raise JobFailed(
                f"org {c.org.key}: historical adherence job {done['job']['id']} is Complete "
                "without downloadUrls: its results are not available"
            )
        try:
            results = list(c.each(lambda url: c.download(url, expect=DOWNLOAD_EXPECT), urls))
        except DownloadRefused:
            if attempt == DOWNLOAD_REFRESHES:
                raise
            c.counters.add("retries")  # asking again for fresh URLs
            continue
        got = {
            (r["managementUnitId"], iso(datetime.fromisoformat(r["startDate"].replace("Z", "+00:00")))) for r in results
        }
        lost = wanted - got
        if lost:
            raise MalformedAnswer(
                f"org {c.org.key}: historical adherence job {done['job']['id']} has no result "
                f"for {len(lost)} of its {len(wanted)} items, e.g. {sorted(lost)[0]}"
            )
        return results
    raise AssertionError("unreachable")


def historical_adherence(x: Extraction):
    jobs = []  # (time zone, items) per business unit with management units
    for bu in x.org.business_units:
        tz = bu["settings"]["timeZone"]
        items = adherence_items(
            x.window("historical_adherence"), tz, [mu["id"] for mu in x.org.management_units[bu["id"]]]
        )
        if items:
            jobs.append((tz, items))
    asked_at = x.as_of
    for (tz, _), results in zip(jobs, x.client.each(lambda job: _downloads(x, *job), jobs, urgent=True), strict=True):
        for result in results:
            days, exceptions = adherence_rows(x.cols, result, tz, asked_at)
            yield emit("adherence_day_metrics", days)
            yield emit("adherence_exceptions", exceptions)


def realtime_adherence(x: Extraction):
    taken = x.as_of
    c = x.client
    mus = [mu for units in x.org.management_units.values() for mu in units]

    def snapshot(mu: dict) -> dict:
        path = f"{WFM}/managementunits/{mu['id']}/adherence"
        return c.result(lambda: c.get(path), None, expect=("entities",))

    for found in c.each(snapshot, mus):
        yield x.rows(realtime_row, found["entities"], taken)
