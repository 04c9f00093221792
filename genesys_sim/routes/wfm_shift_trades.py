"""Shift trades per business unit: the evaluate job (202, polled) that replaced the MU week listing.

SDK v269: ``GET /managementunits/{id}/weeks/{weekDateId}/shifttrades`` is "Deprecated. Use new route
instead (/businessunits/{businessUnitId}/shifttrading/trades/evaluate/jobs)", and Genesys retires the
legacy shift-trade routes on 2026-08-24 (community announcement), before the simulated dates: the legacy
route is not served. ``POST .../shifttrading/trades/evaluate/jobs`` takes
``EvaluateShiftTradeListJobRequest {managementUnitIds, weekDates}`` and answers
``ShiftTradeEvaluateTradesBuJobResponse {id, status, type, downloadUrl, evaluateTradesResult}``: 202 and a job
polled at ``.../evaluate/jobs/{jobId}``, or ``Complete`` + ``downloadUrl`` with ``forceDownloadService``.
The payload is ``EvaluateShiftTradeListJobResponseItem {entities: [{trade, matchReview}]}``. Permission:
``wfm:shiftTradeRequest:view`` or ``:edit`` (SDK docs). Whether Genesys caps ``weekDates`` (its unmatched
search takes one) is not confirmed: any number is accepted here. The per-user shift-trading rate limit
seen in the field (5 a minute) is not simulated.
"""

from __future__ import annotations

from datetime import date

from .. import render
from ..errors import ApiError, not_found
from ..ids import iso_utc, week_start
from ..model.trades import bu_week, trades
from . import api, wfm_jobs
from .wfm_units import WFM, find_bu

KIND = "EvaluateTrades"
EVALUATE = f"{WFM}/businessunits/{{businessUnitId}}/shifttrading/trades/evaluate/jobs"
PERMISSION = ("wfm:shiftTradeRequest:view", "wfm:shiftTradeRequest:edit")


def _shift(ctx, bu, shift) -> dict:
    return {
        "id": shift.id,
        "startDate": iso_utc(shift.start),
        "endDate": iso_utc(shift.end),
        "weekDate": bu_week(bu, shift).isoformat(),
    }


def trade_json(ctx, t) -> dict:
    bu, user = t.bu, t.initiating.account.user_id
    schedule = ctx.model.shown(ctx.org.key, bu, t.week)  # the schedule whose shift is offered: the published view's
    body = {
        "id": t.id,
        "state": t.state,
        "expirationDate": iso_utc(t.expiration),
        "initiating": {
            "user": render.ref(user, f"/api/v2/users/{user}"),
            "managementUnit": render.ref(t.mu.id, f"{WFM}/managementunits/{t.mu.id}"),
            "schedule": {
                "id": schedule.id,
                "weekDate": schedule.week_date.isoformat(),
                "businessUnit": render.ref(bu.id, render.bu_uri(bu)),
            },
            "shift": _shift(ctx, bu, t.initiating),
        },
        "acceptableIntervals": [],
        "oneSided": t.one_sided,
        "metadata": {"version": t.version, "dateCreated": iso_utc(t.created), "dateModified": iso_utc(t.modified)},
    }
    if t.matched:
        receiving = {"user": render.ref(t.taker.user_id, f"/api/v2/users/{t.taker.user_id}")}
        if t.receiving is not None:
            receiving["shift"] = _shift(ctx, bu, t.receiving)
            interval = {"startDate": iso_utc(t.receiving.start), "endDate": iso_utc(t.receiving.end)}
            body["acceptableIntervals"] = [interval]
        body["receiving"] = receiving
    if t.targeted:
        body["target"] = {"user": render.ref(t.taker.user_id, f"/api/v2/users/{t.taker.user_id}")}
    if t.reviewed is not None:
        body["reviewedBy"] = render.ref(t.reviewer_id)
        body["reviewedDate"] = iso_utc(t.reviewed)
    return body


def _weeks(bu, body: dict) -> list[date]:
    weeks = []
    for text in body.get("weekDates") or []:
        try:
            week = date.fromisoformat(text)
        except (TypeError, ValueError):
            raise ApiError(400, "bad.request", f"weekDates must be yyyy-MM-dd dates, got {text!r}") from None
        if week_start(week, bu.spec.start_day_of_week) != week:
            raise ApiError(400, "bad.request", f"{text} is not a {bu.spec.start_day_of_week}, the week start")
        weeks.append(week)
    return weeks


@api("POST", EVALUATE, PERMISSION)
def evaluate_trades(ctx):
    bu = find_bu(ctx)
    body = ctx.require_body()
    wanted, weeks = body.get("managementUnitIds") or [], _weeks(bu, body)
    if not wanted or not weeks:
        raise ApiError(400, "bad.request", "managementUnitIds and weekDates are required")
    units = {mu.id: mu for mu in bu.management_units}
    missing = [mu_id for mu_id in wanted if mu_id not in units]
    if missing:
        raise not_found(f"management unit {missing[0]} in business unit {bu.id}")
    found = [t for week in weeks for mu_id in dict.fromkeys(wanted) for t in trades(ctx.model, bu, units[mu_id], week)]
    entities = []
    for t in ctx.runtime.vanish(ctx.org.key, ctx.path, found):  # vanished_records: deleted since the last read
        review = {"violations": [], "adminReviewViolations": [], "unevaluatedRules": []}
        entities.append({"trade": trade_json(ctx, t), **({"matchReview": review} if t.matched else {})})
    result = {"entities": entities}
    if ctx.flag("forceDownloadService"):
        job_id = ctx.runtime.next_id(ctx.org.key, "operation")
        return {"id": job_id, "status": "Complete", "type": KIND, "downloadUrl": ctx.download(result)}
    job_id = wfm_jobs.start_scoped(ctx, KIND, bu.id, result)
    return 202, {"id": job_id, "status": "Processing", "type": KIND, "selfUri": f"{ctx.path}/{job_id}"}


# "Only the user who started the operation can query the status" (SDK docstring); its permission is not in
# the evidence (NOT CONFIRMED): none, like the other WFM job routes (historical adherence, explanations)
@api("GET", f"{EVALUATE}/{{jobId}}")
def evaluate_trades_job(ctx):
    bu = find_bu(ctx)
    state, url = wfm_jobs.poll(ctx, KIND, bu.id)
    body = {"id": ctx.path_params["jobId"], "status": state, "type": KIND, "selfUri": ctx.path}
    if url:
        body["downloadUrl"] = url
    return body
