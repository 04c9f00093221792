"""The simulator's short-term forecast import: the SDK's flow and models, and the validation that refuses
a file the platform would not import."""

from __future__ import annotations

import gzip

import httpx
import orjson
import pytest
from PureCloudPlatformClientV2 import WorkforceManagementApi
from PureCloudPlatformClientV2.rest import ApiException

from tests.contract.sdk_helpers import sdk_client, unknown_keys
from tests.sync.conftest import WFM

WEEK = "2026-11-16"  # a tiny-scenario Monday (both business units start weeks on Monday)


@pytest.fixture
def emea(fresh_tiny, api_for):
    api = api_for(fresh_tiny, "emea")
    bu = api.units()[0]
    return api, bu["id"], api.planning_groups(bu["id"])


def payload(groups: dict[str, str], weeks: int = 1, **changes) -> dict:
    body = {
        "description": "test import",
        "weekCount": weeks,
        "canUseForScheduling": True,
        "planningGroups": [
            {
                "planningGroupId": pg_id,
                "offeredPerInterval": [float(i % 7) for i in range(672 * weeks)],
                "averageHandleTimeSecondsPerInterval": [300.5] * (672 * weeks),
            }
            for pg_id in groups.values()
        ],
    }
    body.update(changes)
    return body


def test_the_sdk_imports_a_forecast_and_reads_it_back(fresh_tiny, emea):
    _, bu_id, groups = emea
    client = sdk_client(fresh_tiny.org("emea"))
    wfm = WorkforceManagementApi(client)
    data = gzip.compress(orjson.dumps(payload(groups)))
    grant = wfm.post_workforcemanagement_businessunit_week_shorttermforecasts_import_uploadurl(
        bu_id, WEEK, {"contentLengthBytes": len(data)}
    )  # bodies may be wire-named dicts
    assert unknown_keys(orjson.loads(client.last_response.data), "ImportForecastUploadResponse") == []
    assert grant.upload_key and grant.headers == {"Content-Type": "application/json", "Content-Encoding": "gzip"}
    httpx.put(grant.url, content=data, headers=grant.headers).raise_for_status()  # pre-signed: no bearer token
    started = wfm.post_workforcemanagement_businessunit_week_shorttermforecasts_import(
        bu_id, WEEK, {"uploadKey": grant.upload_key}
    )
    assert client.last_response.status == 202 and started.status == "Processing" and started.operation_id
    assert unknown_keys(orjson.loads(client.last_response.data), "ImportForecastResponse") == []
    listed = wfm.get_workforcemanagement_businessunit_week_shorttermforecasts(bu_id, WEEK).entities
    assert unknown_keys(orjson.loads(client.last_response.data), "BuShortTermForecastListing") == []
    imported = [f for f in listed if f.creation_method == "Import"]
    assert len(listed) == 2 and len(imported) == 1 and imported[0].week_date.isoformat() == WEEK
    one = wfm.get_workforcemanagement_businessunit_week_shorttermforecast(bu_id, WEEK, imported[0].id)
    assert one.creation_method == "Import" and one.time_zone == "Europe/Berlin"
    assert unknown_keys(orjson.loads(client.last_response.data), "BuShortTermForecast") == []
    got = wfm.get_workforcemanagement_businessunit_week_shorttermforecast_data(bu_id, WEEK, imported[0].id).result
    assert got.reference_start_date.isoformat() == "2026-11-15T23:00:00+00:00"  # Monday 00:00 CET
    assert {g.planning_group_id for g in got.planning_groups} == set(groups.values())
    assert got.planning_groups[0].offered_per_interval == payload(groups)["planningGroups"][0]["offeredPerInterval"]
    recent = wfm.get_workforcemanagement_businessunit_week_shorttermforecasts(bu_id, "recent").entities
    assert imported[0].id in {f.id for f in recent}


@pytest.mark.parametrize(
    "change, message",
    [
        ({"weekCount": 7}, "weekCount must be between 1 and 6"),
        ({"planningGroups": []}, "planningGroups must list at least one planning group"),
        ("short", "offeredPerInterval must have 672 values"),
        ("two-weeks-of-one", "must have 1344 values"),
        ("unknown-group", "is not a planning group of business unit"),
        ("negative", "offeredPerInterval[5] must be a non-negative number"),
        ("twice", "appears twice"),
    ],
)
def test_a_file_the_platform_would_refuse_is_refused(emea, change, message):
    api, bu_id, groups = emea
    body = payload(groups)
    first = body["planningGroups"][0]
    if change == "short":
        first["offeredPerInterval"] = first["offeredPerInterval"][:671]
    elif change == "two-weeks-of-one":
        body["weekCount"] = 2
    elif change == "unknown-group":
        first["planningGroupId"] = "00000000-0000-4000-8000-000000000000"
    elif change == "negative":
        first["offeredPerInterval"][5] = -1
    elif change == "twice":
        body["planningGroups"].append(dict(first))
    else:
        body.update(change)
    answer = api.import_forecast(bu_id, WEEK, body)
    assert answer.status_code == 400 and message in answer.json()["message"], answer.text
    assert [
        f
        for f in api.get(f"{WFM}/businessunits/{bu_id}/weeks/{WEEK}/shorttermforecasts")["entities"]
        if f["creationMethod"] == "Import"
    ] == []


def test_the_upload_flow_is_checked_step_by_step(emea):
    api, bu_id, groups = emea
    base = f"{WFM}/businessunits/{bu_id}/weeks"
    wrong_day = api.post(f"{base}/2026-11-17/shorttermforecasts/import/uploadurl", {"contentLengthBytes": 10})
    assert wrong_day.status_code == 400 and "is not a Monday" in wrong_day.json()["message"]
    assert api.post(f"{base}/{WEEK}/shorttermforecasts/import/uploadurl", {}).status_code == 400
    assert (
        api.import_forecast(bu_id, WEEK, orjson.dumps(payload(groups))).json()["message"]
        == "The uploaded file is not gzip-compressed"
    )
    data = gzip.compress(orjson.dumps(payload(groups)))
    grant = api.post(f"{base}/{WEEK}/shorttermforecasts/import/uploadurl", {"contentLengthBytes": len(data)}).json()
    assert httpx.put(grant["url"], content=data[:-1], headers=grant["headers"]).status_code == 400
    unsent = api.post(f"{base}/{WEEK}/shorttermforecasts/import", {"uploadKey": grant["uploadKey"]})
    assert unsent.status_code == 400 and "nothing was uploaded" in unsent.json()["message"]
    httpx.put(grant["url"], content=data, headers=grant["headers"]).raise_for_status()
    other_week = api.post(f"{base}/2026-11-09/shorttermforecasts/import", {"uploadKey": grant["uploadKey"]})
    assert other_week.status_code == 400 and "was issued for business unit" in other_week.json()["message"]
    assert api.post(f"{base}/{WEEK}/shorttermforecasts/import", {"uploadKey": grant["uploadKey"]}).status_code == 202
    again = api.post(f"{base}/{WEEK}/shorttermforecasts/import", {"uploadKey": grant["uploadKey"]})
    assert again.status_code == 400 and "already been imported" in again.json()["message"]
    assert api.post(f"{base}/{WEEK}/shorttermforecasts/import", {"uploadKey": "nope"}).status_code == 400


def test_a_multi_week_import_is_served_week_by_week(emea):
    api, bu_id, groups = emea
    body = payload(groups, weeks=2)
    body["planningGroups"][0]["offeredPerInterval"][672] = 99.5
    assert api.import_forecast(bu_id, WEEK, body).status_code == 202
    [fc] = [
        f
        for f in api.get(f"{WFM}/businessunits/{bu_id}/weeks/{WEEK}/shorttermforecasts")["entities"]
        if f["creationMethod"] == "Import"
    ]
    assert fc["weekCount"] == 2
    path = f"{WFM}/businessunits/{bu_id}/weeks/{WEEK}/shorttermforecasts/{fc['id']}/data"
    # weekNumber is 1-based (a real one-week answer reads weekNumber 1): the second week is weekNumber 2
    second = api.get(path, weekNumber=2)["result"]
    assert second["weekNumber"] == 2 and second["planningGroups"][0]["offeredPerInterval"][0] == 99.5
    assert api.get(path)["result"]["weekNumber"] == 1, "the first week by default"
    for wrong in (0, 3):
        with pytest.raises(httpx.HTTPStatusError):
            api.get(path, weekNumber=wrong)


def test_only_the_creator_org_sees_an_import(fresh_tiny, emea, api_for):
    api, bu_id, groups = emea
    assert api.import_forecast(bu_id, WEEK, payload(groups)).status_code == 202
    apac = api_for(fresh_tiny, "apac")
    with pytest.raises(httpx.HTTPStatusError) as err:
        apac.get(f"{WFM}/businessunits/{bu_id}/weeks/{WEEK}/shorttermforecasts")
    assert err.value.response.status_code == 404


def test_the_sdk_reports_refusals_as_api_errors(fresh_tiny, emea):
    _, bu_id, _ = emea
    wfm = WorkforceManagementApi(sdk_client(fresh_tiny.org("emea")))
    with pytest.raises(ApiException) as err:
        wfm.post_workforcemanagement_businessunit_week_shorttermforecasts_import(bu_id, WEEK, {"uploadKey": "nope"})
    assert err.value.status == 400 and orjson.loads(err.value.body)["code"] == "bad.request"
