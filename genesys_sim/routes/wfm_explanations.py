"""Adherence explanations queried per business unit: a job (202) polled until its download is ready.

Wire names from SDK v269: ``BuQueryAdherenceExplanationsRequest {startDate, endDate, managementUnitIds,
agentIds}``, ``BuQueryAdherenceExplanationsResponse {job, result, downloadUrl}``, ``AdherenceExplanationJob
{id, type, status, downloadUrl, selfUri}`` and ``AdherenceExplanationResponse``. Permission
``wfm:adherenceExplanation:view`` (SDK docs); the job route requires none (its creator only). The longest
range a query accepts is not documented: 31 days here, like the historical adherence routes (an
assumption). ``forceDownloadService`` answers 200 ``Complete`` with a ``downloadUrl``; otherwise 202 and a
job (``forceAsync`` changes nothing: every query here is asynchronous). The job-complete notification
topic (``v2.users.{id}.workforcemanagement.adherence.explanations.jobs``) is not served: the job route
is what clients poll.
"""

from __future__ import annotations

from datetime import timedelta

from .. import render
from ..errors import ApiError
from ..ids import iso_utc, parse_iso
from ..model.explanations import explanations_between
from . import api, wfm_jobs
from .wfm_units import WFM, find_bu

MAX_DAYS = 31
KIND = "QueryBuExplanations"
JOBS = f"{WFM}/adherence/explanations/jobs"


def explanation_json(bu, e) -> dict:
    user = e.account.user_id
    body = {
        "id": e.id,
        "agent": render.ref(user, f"/api/v2/users/{user}"),
        "managementUnit": render.ref(e.account.mu.id, f"{WFM}/managementunits/{e.account.mu.id}"),
        "businessUnit": render.ref(bu.id, render.bu_uri(bu)),
        "type": "Late",
        "status": e.status,
        "startDate": iso_utc(e.start),
        "lengthMinutes": e.minutes,
        "notes": e.notes,
        "selfUri": f"{WFM}/agents/{user}/adherence/explanations/{e.id}",
    }
    if e.reviewed is not None:
        body["reviewedBy"] = render.ref(e.reviewer_id)
        body["reviewedDate"] = iso_utc(e.reviewed)
    return body


@api("POST", f"{WFM}/businessunits/{{businessUnitId}}/adherence/explanations/query", "wfm:adherenceExplanation:view")
def query_explanations(ctx):
    bu = find_bu(ctx)
    body = ctx.require_body()
    try:
        start, end = parse_iso(body["startDate"]), parse_iso(body["endDate"])
    except (KeyError, TypeError, ValueError):
        raise ApiError(400, "bad.request", "startDate and endDate (ISO-8601 date-times) are required") from None
    if end <= start or end - start > timedelta(days=MAX_DAYS):
        raise ApiError(400, "bad.request", f"The date range must be positive and at most {MAX_DAYS} days")
    mus = set(body.get("managementUnitIds") or ())
    agents = set(body.get("agentIds") or ())
    accounts = [
        a
        for mu in bu.management_units
        if not mus or mu.id in mus
        for a in mu.accounts
        if not agents or a.user_id in agents
    ]
    found = explanations_between(ctx.model, accounts, start, end)
    # the vanished_records fault: explanations deleted in Genesys since the last read
    result = {"entities": [explanation_json(bu, e) for e in ctx.runtime.vanish(ctx.org.key, ctx.path, found)]}
    if ctx.flag("forceDownloadService"):
        job_id = ctx.runtime.next_id(ctx.org.key, "operation")
        return {"job": {"id": job_id, "type": KIND, "status": "Complete"}, "downloadUrl": ctx.download(result)}
    job_id = wfm_jobs.start(ctx, KIND, result)
    return 202, {"job": {"id": job_id, "type": KIND, "status": "Processing", "selfUri": f"{JOBS}/{job_id}"}}


# "Requires no permissions" (SDK docs): only the job's creator can read it
@api("GET", f"{JOBS}/{{jobId}}")
def explanation_job(ctx):
    state, url = wfm_jobs.poll(ctx, KIND)
    body = {"id": ctx.path_params["jobId"], "type": KIND, "status": state, "selfUri": ctx.path}
    if url:
        body["downloadUrl"] = url
    return body
