"""Fault injection (POST /_sim/faults at runtime, and the --fault CLI flag) and request statistics."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from tests.sim._api import OrgApi
from tests.simproc import TEST_ANCHOR, start_sim

USERS = "/api/v2/users"
QUEUES = "/api/v2/routing/queues"
ERROR_BODY_KEYS = {"message", "code", "status", "contextId", "messageWithParams", "messageParams", "details", "errors"}


@pytest.fixture(scope="module")
def sim():
    """A private tiny simulator for this module; faults and stats are reset around every test."""
    process = start_sim("tiny", TEST_ANCHOR)
    yield process
    process.stop()


@pytest.fixture(autouse=True)
def clean(sim):
    sim.reset_faults()
    sim.reset_stats()
    yield
    sim.reset_faults()


@pytest.fixture
def emea(sim):
    with OrgApi(sim, "emea") as api:
        yield api


@pytest.fixture
def apac(sim):
    with OrgApi(sim, "apac") as api:
        yield api


def _is_error_body(response: httpx.Response, status: int) -> dict:
    assert response.status_code == status, (response.status_code, response.text[:300])
    body = response.json()
    assert set(body) >= ERROR_BODY_KEYS, body
    assert body["status"] == status
    return body


def _parses(content: bytes) -> bool:
    try:
        json.loads(content)
    except ValueError:
        return False
    return True


def test_faults_endpoint_reports_and_validates(sim):
    answer = sim.faults("emea", burst_429_next=2, latency_ms=5)
    assert answer["emea"]["burst_429_next"] == 2 and answer["emea"]["latency_ms"] == 5
    assert set(answer) == {"emea"}
    state = httpx.get(f"{sim.base_url}/_sim/faults").json()
    assert state["apac"]["burst_429_next"] == 0
    bad = httpx.post(f"{sim.base_url}/_sim/faults", json={"org": "emea", "no_such_fault": 1})
    assert bad.status_code == 400 and "no_such_fault" in bad.json()["message"]
    unknown_org = httpx.post(f"{sim.base_url}/_sim/faults", json={"org": "mars", "down": 1})
    assert unknown_org.status_code == 400
    sim.reset_faults()
    assert httpx.get(f"{sim.base_url}/_sim/faults").json()["emea"]["burst_429_next"] == 0


def test_error_rate_one_gives_503_error_bodies(sim, emea, apac):
    sim.faults("emea", error_rate=1)
    for _ in range(5):
        body = _is_error_body(emea.request("GET", USERS), 503)
        assert body["code"] == "service.unavailable"
    assert apac.request("GET", USERS).status_code == 200  # faults are per org
    assert sim.stats()["emea"]["errors"] == 5


def test_error_rate_half_fails_some_calls(sim, emea):
    sim.faults("emea", error_rate=0.5)
    codes = [emea.request("GET", USERS).status_code for _ in range(40)]
    assert set(codes) == {200, 503}
    assert 8 <= codes.count(503) <= 32


def test_burst_429_then_success(sim, emea):
    sim.faults("emea", burst_429_next=2)
    first, second, third = (emea.request("GET", USERS) for _ in range(3))
    for response in (first, second):
        body = _is_error_body(response, 429)
        assert body["code"] == "too.many.requests"
        assert int(response.headers["Retry-After"]) >= 1
    assert third.status_code == 200 and third.json()["entities"]
    stats = sim.stats()["emea"]
    assert stats["status429"] == 2 and stats["byEndpoint"]["GET /api/v2/users"] == 3


def test_latency_delays_every_call(sim, emea):
    started = time.monotonic()
    assert emea.request("GET", USERS).status_code == 200
    fast = time.monotonic() - started
    sim.faults("emea", latency_ms=300)
    for _ in range(2):
        started = time.monotonic()
        assert emea.request("GET", USERS).status_code == 200
        assert time.monotonic() - started >= 0.3
    assert fast < 0.3


def test_timeout_next_hangs_one_call(sim, emea):
    sim.faults("emea", timeout_next=1, timeout_seconds=3)
    started = time.monotonic()
    with pytest.raises(httpx.TimeoutException):
        emea.request("GET", USERS, timeout=1)
    assert time.monotonic() - started < 2.5
    started = time.monotonic()
    assert emea.request("GET", USERS, timeout=1).status_code == 200  # only the next call hangs
    assert time.monotonic() - started < 1


def test_expire_tokens_invalidates_existing_tokens(sim, emea, apac):
    old = emea.token
    assert emea.request("GET", USERS).status_code == 200
    sim.faults("emea", expire_tokens=1)
    body = _is_error_body(emea.request("GET", USERS, bearer=old), 401)
    assert body["code"] == "bad.credentials"
    assert emea.request("GET", USERS, bearer=emea.new_token()).status_code == 200
    assert emea.request("GET", USERS, bearer=old).status_code == 401  # stays expired
    assert apac.request("GET", USERS).status_code == 200  # other org's tokens untouched
    assert httpx.get(f"{sim.base_url}/_sim/faults").json()["emea"]["expire_tokens"] is False  # applied once


def test_malformed_next_gives_invalid_json_once(sim, emea):
    sim.faults("emea", malformed_next=1)
    bad = emea.request("GET", USERS)
    assert bad.status_code == 200 and not _parses(bad.content)
    good = emea.request("GET", USERS)
    assert _parses(good.content) and good.json()["entities"]
    assert sim.stats()["emea"]["errors"] == 1


def test_truncated_next_cuts_the_body_short(sim, emea):
    sim.faults("emea", truncated_next=1)
    cut = emea.request("GET", USERS, params={"state": "any"})
    full = emea.request("GET", USERS, params={"state": "any"})
    assert not _parses(cut.content) and _parses(full.content)
    assert 0 < len(cut.content) < len(full.content)
    assert full.content.startswith(cut.content)


def test_malformed_applies_to_list_answers_only(sim, emea):
    sim.faults("emea", malformed_next=1)
    single = emea.request("GET", "/api/v2/organizations/me")
    assert _parses(single.content)  # not a list answer: untouched, count not consumed
    assert not _parses(emea.request("GET", QUEUES).content)


def test_down_org_refuses_api_and_token(sim, emea, apac):
    sim.faults("emea", down=1)
    _is_error_body(emea.request("GET", USERS), 503)
    info = sim.org("emea")
    token = httpx.post(
        f"{info['login_base_url']}/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(info["client_id"], info["client_secret"]),
    )
    _is_error_body(token, 503)
    assert apac.request("GET", USERS).status_code == 200
    assert apac.new_token()
    sim.faults("emea", down=0)
    assert emea.request("GET", USERS).status_code == 200


def _adherence_job(api: OrgApi) -> str:
    (bu,) = api.business_units()
    mu = api.management_units(bu["id"])[0]
    return api.start_bulk_adherence(
        [{"managementUnitId": mu["id"], "startDate": "2026-11-16T00:00:00Z", "endDate": "2026-11-17T00:00:00Z"}]
    )


def test_job_fail_ends_in_error(sim, emea):
    sim.faults("emea", job_fail=1)
    job_id = _adherence_job(emea)
    statuses = [emea.poll_job(job_id) for _ in range(4)]
    assert statuses[0]["job"]["status"] == "Processing"
    assert [s["job"]["status"] for s in statuses[1:]] == ["Error"] * 3
    assert all("downloadUrls" not in s for s in statuses)


def test_job_never_finish_stays_processing(sim, emea):
    sim.faults("emea", job_never_finish=1)
    job_id = _adherence_job(emea)
    assert [emea.poll_job(job_id)["job"]["status"] for _ in range(6)] == ["Processing"] * 6
    sim.reset_faults()
    assert emea.poll_job(job_id)["job"]["status"] == "Complete"  # finishes once the fault is lifted


def test_jobs_complete_without_faults(emea):
    job_id = _adherence_job(emea)
    assert [emea.poll_job(job_id)["job"]["status"] for _ in range(2)] == ["Processing", "Complete"]


def test_path_contains_limits_counted_faults(sim, emea):
    sim.faults("emea", burst_429_next=1, malformed_next=1, path_contains="/routing/queues")
    assert emea.request("GET", USERS).status_code == 200
    assert _parses(emea.request("GET", USERS).content)
    first = emea.request("GET", QUEUES)
    assert first.status_code == 429
    second = emea.request("GET", QUEUES)
    assert second.status_code == 200 and not _parses(second.content)
    third = emea.request("GET", QUEUES)
    assert third.status_code == 200 and _parses(third.content)
    state = httpx.get(f"{sim.base_url}/_sim/faults").json()["emea"]
    assert state["burst_429_next"] == 0 and state["malformed_next"] == 0


def test_stats_count_requests_per_endpoint(sim, emea, apac):
    sim.reset_stats()
    for _ in range(3):
        emea.request("GET", USERS)
    emea.request("GET", QUEUES)
    (bu,) = emea.business_units()  # 1 list + 1 detail call
    emea.new_token()
    apac.request("GET", USERS)
    sim.faults("emea", burst_429_next=1)
    emea.request("GET", USERS)
    sim.faults("emea", error_rate=1)
    emea.request("GET", QUEUES)
    stats = sim.stats()
    by = stats["emea"]["byEndpoint"]
    assert by["GET /api/v2/users"] == 4
    assert by["GET /api/v2/routing/queues"] == 2
    assert by["GET /api/v2/workforcemanagement/businessunits"] == 1
    assert by["GET /api/v2/workforcemanagement/businessunits/{businessUnitId}"] == 1
    assert by["POST /oauth/token"] == 1
    assert stats["emea"]["requests"] == 9
    assert stats["emea"]["status429"] == 1 and stats["emea"]["errors"] == 1
    assert stats["emea"]["tokensIssued"] == 1
    assert stats["apac"]["requests"] == 1 and stats["apac"]["byEndpoint"] == {"GET /api/v2/users": 1}
    sim.reset_stats()
    assert sim.stats()["emea"]["requests"] == 0


def test_cli_fault_flag():
    flagged = start_sim("tiny", TEST_ANCHOR, "--fault", "emea:down=1", "--fault", "apac:burst_429_next=1")
    try:
        faults = httpx.get(f"{flagged.base_url}/_sim/faults").json()
        assert faults["emea"]["down"] is True and faults["apac"]["burst_429_next"] == 1
        info = flagged.org("emea")
        token = httpx.post(
            f"{info['login_base_url']}/oauth/token",
            data={"grant_type": "client_credentials"},
            auth=(info["client_id"], info["client_secret"]),
        )
        _is_error_body(token, 503)
        response = httpx.get(f"{info['api_base_url']}{USERS}", headers={"Authorization": "Bearer whatever"})
        _is_error_body(response, 503)
        with OrgApi(flagged, "apac") as apac:
            assert apac.request("GET", USERS).status_code == 429
            assert apac.request("GET", USERS).status_code == 200
    finally:
        flagged.stop()


def test_cli_rejects_unknown_org_in_fault_flag():
    with pytest.raises(RuntimeError, match="mars"):
        start_sim("tiny", TEST_ANCHOR, "--fault", "mars:down=1", timeout=20)
