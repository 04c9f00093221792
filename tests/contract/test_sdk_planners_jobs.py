"""The planners' asynchronous WFM queries through the official SDK: adherence explanations, shift trades.

Both answer 202 with a job (SDK v269: "Job details are only retained if the initial request returned a 202
ACCEPTED response"), polled through its own route until ``Complete`` with a pre-signed ``downloadUrl``;
``forceDownloadService`` answers ``Complete`` at once. Every answer and downloaded payload deserializes
into its SDK model with no unknown wire name or enum, and carries real values: ids that join the org's
users and units, dates inside the range asked for, reviews only on reviewed records.
"""

from __future__ import annotations

import time
from datetime import datetime

import httpx

from tests.contract.common import NOW, UTC, build, expect_api_error
from tests.contract.sdk_helpers import check_model, deserialize

START, END = datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 24, tzinfo=UTC)


def poll(sdk, get, klass: str, state=lambda job: job.status):
    """Poll a job route (through the SDK) until it leaves Processing; returns the last model."""
    deadline = time.monotonic() + 10
    while True:
        job = sdk.check(get(), klass)
        if state(job) != "Processing" or time.monotonic() > deadline:
            return job
        time.sleep(0.05)


def download(sdk, url: str, klass: str):
    """A pre-signed download (no Authorization header) as the SDK model ``klass``."""
    response = httpx.get(url, timeout=30)
    assert response.status_code == 200, response.status_code
    data = response.json()
    model = deserialize(sdk.client, data, klass)
    check_model(sdk.client, model, klass, data)
    return model


# --------------------------------------------------------------------------- adherence explanations
def _explanations_query(sdk, unit, start=START, end=END, **flags):
    body = build("BuQueryAdherenceExplanationsRequest", start_date=start, end_date=end)
    return sdk.check(
        sdk.wfm.post_workforcemanagement_businessunit_adherence_explanations_query(unit.bu_id, body, **flags),
        "BuQueryAdherenceExplanationsResponse",
    )


def test_adherence_explanations_query_is_a_job_whose_download_lists_the_units_explanations(sdk, unit):
    answer = _explanations_query(sdk, unit)
    assert sdk.client.last_response.status == 202
    assert answer.job.status == "Processing" and answer.job.type == "QueryBuExplanations"
    assert answer.result is None and answer.download_url is None
    job = poll(
        sdk,
        lambda: sdk.wfm.get_workforcemanagement_adherence_explanations_job(answer.job.id),
        "AdherenceExplanationJob",
    )
    assert job.status == "Complete" and job.id == answer.job.id and job.download_url
    listing = download(sdk, job.download_url, "AdherenceExplanationListingBuQueryResponse")
    found = listing.entities
    assert found, "three weeks of history hold explained late starts"
    # every status as the SDK spells it (each org's mix per status equals the truth in tests/reports/test_planners.py;
    # tiny's apac unit has only approved ones since the simulator's exception lengths spread)
    assert {e.status for e in found} <= {"Pending", "Approved", "Denied"}
    for e in found:
        assert e.type == "Late" and e.business_unit.id == unit.bu_id and e.management_unit.id in unit.mu_ids
        assert e.agent.id in unit.all_user_ids and START <= e.start_date < min(END, NOW)
        assert 0 < e.length_minutes < 8 * 60  # late starts, log-normal lengths (tens of minutes, some hours)
        assert (e.status == "Pending") == (e.reviewed_date is None) == (e.reviewed_by is None)
        if e.reviewed_date:
            assert e.start_date < e.reviewed_date <= NOW


def test_adherence_explanations_forced_download_and_the_range_limit(sdk, unit):
    answer = _explanations_query(sdk, unit, force_download_service=True)
    assert sdk.client.last_response.status == 200 and answer.job.status == "Complete" and answer.download_url
    listing = download(sdk, answer.download_url, "AdherenceExplanationListingBuQueryResponse")
    assert all(e.business_unit.id == unit.bu_id for e in listing.entities)
    too_long = datetime(2026, 9, 1, tzinfo=UTC)
    expect_api_error(lambda: _explanations_query(sdk, unit, start=too_long), 400, sdk.client)


# ------------------------------------------------------------------------------------ shift trades
STATES = {"Unmatched", "Matched", "Approved", "Denied", "Expired", "Canceled"}


def _evaluate(sdk, unit, weeks, **flags):
    body = build("EvaluateShiftTradeListJobRequest", management_unit_ids=unit.mu_ids, week_dates=weeks)
    return sdk.check(
        sdk.wfm.post_workforcemanagement_businessunit_shifttrading_trades_evaluate_jobs(unit.bu_id, body, **flags),
        "ShiftTradeEvaluateTradesBuJobResponse",
    )


def test_shift_trade_evaluate_job_lists_the_weeks_trades_with_real_shifts(sdk, unit):
    from datetime import date

    weeks = [date(2026, 11, 9), date(2026, 11, 16), date(2026, 11, 23)]
    answer = _evaluate(sdk, unit, weeks)
    assert sdk.client.last_response.status == 202 and answer.status == "Processing" and answer.type == "EvaluateTrades"
    job = poll(
        sdk,
        lambda: sdk.wfm.get_workforcemanagement_businessunit_shifttrading_trades_evaluate_job(unit.bu_id, answer.id),
        "ShiftTradeEvaluateTradesBuJobResponse",
    )
    assert job.status == "Complete" and job.download_url and job.evaluate_trades_result is None
    items = download(sdk, job.download_url, "EvaluateShiftTradeListJobResponseItem").entities
    assert len(items) >= 2 * len(weeks), "at least two offers per unit and week"
    for item in items:
        t = item.trade
        assert t.state in STATES and t.initiating.management_unit.id in unit.mu_ids
        assert t.initiating.schedule.business_unit.id == unit.bu_id
        shift = t.initiating.shift
        assert shift.week_date in weeks and t.initiating.schedule.week_date == shift.week_date
        assert shift.start_date < shift.end_date and t.expiration_date < shift.start_date
        assert t.initiating.user.id in unit.all_user_ids
        matched = t.state in ("Matched", "Approved", "Denied")
        assert (t.receiving is not None) == matched and (item.match_review is not None) == matched
        if matched:
            assert t.receiving.user.id in unit.all_user_ids and t.receiving.user.id != t.initiating.user.id
            assert (t.receiving.shift is None) == t.one_sided
        assert (t.reviewed_date is not None) == (t.state in ("Approved", "Denied"))
        assert t.metadata.date_created <= t.metadata.date_modified <= NOW and t.metadata.version >= 1


def test_shift_trade_evaluate_refuses_a_week_that_does_not_start_the_units_week(sdk, unit):
    from datetime import date

    answer = _evaluate(sdk, unit, [date(2026, 11, 16)], force_download_service=True)
    assert sdk.client.last_response.status == 200 and answer.status == "Complete" and answer.download_url
    expect_api_error(lambda: _evaluate(sdk, unit, [date(2026, 11, 18)]), 400, sdk.client)
