"""Analytics aggregates, paging, and the 401/403/429 answers through the official SDK."""

from __future__ import annotations

import json
import time
from datetime import date, datetime, timedelta
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
from PureCloudPlatformClientV2 import (
    ApiClient,
    OrganizationApi,
    UsersApi,
    WorkforceManagementApi,
)

from tests.contract.common import (
    ANCHOR,
    CONVERSATION_METRICS,
    PRESENCE_QUALIFIERS,
    ROUTING_QUALIFIERS,
    UTC,
    WEEK,
    WEEKDAYS,
    all_users,
    answer_kind,
    build,
    expect_api_error,
    make_sdk,
    query_agent_schedules,
)
from tests.contract.sdk_helpers import (
    raw,
    sdk_client,
    unknown_keys,
)
from tests.simproc import TEST_ANCHOR, start_sim, token


# -------------------------------------------------------------------------------------- analytics
def interval(text: str) -> tuple[datetime, datetime]:
    start, _, end = text.partition("/")
    assert start.endswith("Z") and end.endswith("Z"), "intervals are UTC ...Z/...Z"
    return datetime.fromisoformat(start.replace("Z", "+00:00")), datetime.fromisoformat(end.replace("Z", "+00:00"))


def test_conversation_aggregates(sdk, unit):
    start, end = datetime(2026, 11, 20, tzinfo=UTC), datetime(2026, 11, 21, tzinfo=UTC)
    query = build(
        "ConversationAggregationQuery",
        interval="2026-11-20T00:00:00.000Z/2026-11-21T00:00:00.000Z",
        granularity="PT15M",
        group_by=["queueId", "mediaType", "direction"],
        metrics=CONVERSATION_METRICS,
    )
    answer = sdk.check(
        sdk.conversations.post_analytics_conversations_aggregates_query(query), "ConversationAggregateQueryResponse"
    )
    assert answer.results
    handled = offered = 0
    for container in answer.results:
        assert set(container.group) == {"queueId", "mediaType", "direction"}
        assert container.group["queueId"] in unit.queue_ids
        assert container.group["mediaType"] in ("voice", "chat", "email", "callback", "message", "workitem")
        assert container.group["direction"] in ("inbound", "outbound")
        inbound = container.group["direction"] == "inbound"
        for bucket in container.data:
            lo, hi = interval(bucket.interval)
            assert hi - lo == timedelta(minutes=15) and start <= lo < end and lo.minute % 15 == 0
            for m in bucket.metrics:
                assert m.metric in CONVERSATION_METRICS
                assert m.stats.count > 0
                if m.metric.startswith("t"):
                    assert m.stats.sum >= 0 and m.stats.min <= m.stats.max
                if m.metric == "tHandle" and m.stats.sum > 0 and inbound:
                    handled += m.stats.count
                    assert 10_000 <= m.stats.sum / m.stats.count <= 3_600_000, "AHT in milliseconds"
                if m.metric == "nOffered":
                    offered += m.stats.count
    assert handled > 0, "tHandle stats with count > 0 and sum > 0 somewhere"
    assert offered >= handled


def test_conversation_aggregates_future_is_empty(sdk):
    query = build(
        "ConversationAggregationQuery",
        interval="2026-11-25T00:00:00.000Z/2026-11-26T00:00:00.000Z",
        granularity="PT15M",
        group_by=["queueId"],
        metrics=["nOffered"],
    )
    answer = sdk.check(
        sdk.conversations.post_analytics_conversations_aggregates_query(query), "ConversationAggregateQueryResponse"
    )
    assert not answer.results and raw(sdk.client) == {}


def test_user_aggregates(sdk, unit):
    query = build(
        "UserAggregationQuery",
        interval="2026-11-20T00:00:00.000Z/2026-11-21T00:00:00.000Z",
        granularity="PT15M",
        group_by=["userId"],
        metrics=["tAgentRoutingStatus", "tSystemPresence"],
    )
    answer = sdk.check(sdk.analytics.post_analytics_users_aggregates_query(query), "UserAggregateQueryResponse")
    assert answer.results
    seen = {"tAgentRoutingStatus": set(), "tSystemPresence": set()}
    for container in answer.results:
        assert container.group["userId"] in unit.all_user_ids
        for bucket in container.data:
            lo, hi = interval(bucket.interval)
            assert hi - lo == timedelta(minutes=15)
            per_metric = {"tAgentRoutingStatus": 0, "tSystemPresence": 0}
            for m in bucket.metrics:
                seen[m.metric].add(m.qualifier)
                assert m.stats.sum > 0
                per_metric[m.metric] += m.stats.sum
            assert all(ms <= 15 * 60 * 1000 + 5 for ms in per_metric.values()), "at most 15 minutes per bucket"
    assert seen["tAgentRoutingStatus"] and seen["tAgentRoutingStatus"] <= ROUTING_QUALIFIERS
    assert "INTERACTING" in seen["tAgentRoutingStatus"]
    assert seen["tSystemPresence"] and seen["tSystemPresence"] <= PRESENCE_QUALIFIERS
    assert "ON_QUEUE" in seen["tSystemPresence"]


# ------------------------------------------------------------------------------------------ paging
def follow(client: ApiClient, next_uri: str, klass: str):
    """GET a relative ``nextUri`` through the SDK's own call machinery (auth, deserialization)."""
    parts = urlsplit(next_uri)
    assert parts.path.startswith("/api/v2/") and not parts.netloc, "nextUri is a relative /api/v2 URI"
    return client.call_api(
        parts.path,
        "GET",
        query_params=dict(parse_qsl(parts.query)),
        header_params={"Accept": "application/json"},
        response_type=klass,
        auth_settings=["PureCloud OAuth"],
    )


def test_users_paging(sdk):
    everyone = {u.id for u in all_users(sdk) if u.state != "deleted"}  # what state=any lists
    first = sdk.check(sdk.users.get_users(page_size=3, page_number=1, state="any"), "UserEntityListing")
    assert first.total == len(everyone) and first.page_count == -(-len(everyone) // 3) >= 2
    assert first.page_size == 3 and first.previous_uri is None and first.next_uri

    by_number = []
    for n in range(1, first.page_count + 1):
        page = sdk.users.get_users(page_size=3, page_number=n, state="any")
        assert page.page_number == n and page.total == first.total
        assert (page.next_uri is None) == (n == first.page_count), "no nextUri on the last page only"
        assert len(page.entities) == (3 if n < first.page_count else len(everyone) - 3 * (n - 1))
        by_number += [u.id for u in page.entities]
    assert len(by_number) == len(set(by_number)) == first.total and set(by_number) == everyone

    by_link, page = [u.id for u in first.entities], first
    while page.next_uri:
        page = sdk.check(follow(sdk.client, page.next_uri, "UserEntityListing"), "UserEntityListing")
        by_link += [u.id for u in page.entities]
    assert page.page_number == first.page_count and page.self_uri == first.last_uri
    assert len(by_link) == len(set(by_link)) == first.total and by_link == by_number


def test_queues_paging(sdk):
    everyone = [q.id for q in sdk.routing.get_routing_queues(page_size=100).entities]
    first = sdk.check(sdk.routing.get_routing_queues(page_size=1, page_number=1), "QueueEntityListing")
    assert first.total == len(everyone) == first.page_count
    by_number = [
        q.id
        for n in range(1, first.page_count + 1)
        for q in sdk.routing.get_routing_queues(page_size=1, page_number=n).entities
    ]
    by_link, page = [q.id for q in first.entities], first
    while page.next_uri:
        page = sdk.check(follow(sdk.client, page.next_uri, "QueueEntityListing"), "QueueEntityListing")
        assert len(page.entities) == 1
        by_link += [q.id for q in page.entities]
    assert by_number == by_link == everyone and len(set(everyone)) == len(everyone)


def test_queues_paging_demo(demo_sim):
    s = make_sdk(demo_sim, "amer")
    everyone = [q.id for q in s.routing.get_routing_queues(page_size=100).entities]
    assert len(everyone) >= 3
    page = s.routing.get_routing_queues(page_size=1)
    seen = [q.id for q in page.entities]
    while page.next_uri:
        page = follow(s.client, page.next_uri, "QueueEntityListing")
        seen += [q.id for q in page.entities]
    assert seen == everyone and page.total == len(everyone)


# --------------------------------------------------------------------------------------------- 401
def test_token_endpoint_rejects_a_wrong_secret(tiny_sim):
    org = tiny_sim.org("emea")
    bad = httpx.post(
        f"{org['login_base_url']}/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(org["client_id"], org["client_secret"] + "x"),
        timeout=30,
    )
    assert bad.status_code == 401 and bad.json()["error"] == "invalid_client"
    other = tiny_sim.org("apac")  # another org's (valid) credentials are wrong here too
    bad = httpx.post(
        f"{org['login_base_url']}/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(other["client_id"], other["client_secret"]),
        timeout=30,
    )
    assert bad.status_code == 401 and bad.json()["error"] == "invalid_client"
    good = httpx.post(
        f"{org['login_base_url']}/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(org["client_id"], org["client_secret"]),
        timeout=30,
    ).json()
    assert good["token_type"] == "bearer" and good["access_token"] and good["expires_in"] > 0


@pytest.mark.parametrize("bad_token,code", [("", None), ("garbage-token", "bad.credentials")])
def test_missing_or_garbage_token_is_401(tiny_sim, bad_token, code):
    org = tiny_sim.org("emea")
    client = sdk_client(org, access_token=bad_token)
    _, body = expect_api_error(lambda: OrganizationApi(client).get_organizations_me(), 401, client)
    if code:
        assert body.code == code
    _, body = expect_api_error(
        lambda: WorkforceManagementApi(client).get_workforcemanagement_businessunits(), 401, client
    )


def test_no_authorization_header_is_401(tiny_sim):
    org = tiny_sim.org("emea")
    answer = httpx.get(f"{org['api_base_url']}/api/v2/organizations/me", timeout=30)
    assert answer.status_code == 401
    body = answer.json()
    assert body["code"] == "authentication.required" and body["status"] == 401 and body["contextId"]
    assert not unknown_keys(body, "ErrorBody")


def test_token_of_another_org_is_401(tiny_sim):
    emea_token = token(tiny_sim.org("emea"))
    client = sdk_client(tiny_sim.org("apac"), access_token=emea_token)
    expect_api_error(lambda: UsersApi(client).get_users(), 401, client)
    expect_api_error(lambda: WorkforceManagementApi(client).get_workforcemanagement_businessunits(), 401, client)
    assert (
        OrganizationApi(sdk_client(tiny_sim.org("emea"), access_token=emea_token)).get_organizations_me().id
        == tiny_sim.org("emea")["org_id"]
    ), "the same token works on its own org"


# --------------------------------------------------------------------------------------------- 429
@pytest.fixture(scope="module")
def limited_sim():
    sim = start_sim("tiny", TEST_ANCHOR, "--rate-limit", "5")
    yield sim
    sim.stop()


def test_rate_limit_429(limited_sim):
    org = limited_sim.org("emea")
    client = sdk_client(org)  # urllib3 retries off: the SDK's default Retry() would sleep Retry-After and retry
    api = OrganizationApi(client)
    for _ in range(5):
        assert api.get_organizations_me().id == org["org_id"]
    err, body = expect_api_error(api.get_organizations_me, 429, client)
    assert body.code == "too.many.requests" and body.message
    retry_after = {k.lower(): v for k, v in err.headers.items()}.get("retry-after")
    assert retry_after is not None and 1 <= int(retry_after) <= 60
    expect_api_error(lambda: UsersApi(client).get_users(), 429, client)  # the limit is per token, any endpoint

    # Raw HTTP sees the same answer.
    answer = httpx.get(
        f"{org['api_base_url']}/api/v2/organizations/me",
        headers={"Authorization": f"Bearer {client.access_token}"},
        timeout=30,
    )
    assert answer.status_code == 429 and int(answer.headers["Retry-After"]) >= 1
    assert answer.json()["code"] == "too.many.requests"

    # Per token: a fresh token is not limited.
    assert OrganizationApi(sdk_client(org)).get_organizations_me().id == org["org_id"]


def test_sdk_default_retry_sleeps_through_429(denied_sim):
    """Why the clients above disable retries: the SDK's stock urllib3 ``Retry()`` (10 tries, honours
    Retry-After on 429/503/413, every method) hides a 429 and just sleeps. An injected one-off 429
    (Retry-After: 1) costs a second and succeeds, with no ApiException."""
    org = denied_sim.org("emea")
    client = ApiClient(host=org["api_base_url"])
    client.access_token = token(org)
    denied_sim.reset_stats()
    denied_sim.faults("emea", burst_429_next=1)
    try:
        began = time.monotonic()
        assert OrganizationApi(client).get_organizations_me().id == org["org_id"]
        assert time.monotonic() - began >= 0.9, "urllib3 slept Retry-After before retrying"
        stats = denied_sim.stats()["emea"]
        assert stats["status429"] == 1 and stats["byEndpoint"]["GET /api/v2/organizations/me"] == 2
    finally:
        denied_sim.reset_faults()


# --------------------------------------------------------------------------------------------- 403
@pytest.fixture(scope="module")
def denied_sim():
    sim = start_sim("tiny", TEST_ANCHOR, "--deny", "apac:wfm:schedule:view")
    yield sim
    sim.stop()


def test_missing_permission_403(denied_sim):
    apac, emea = make_sdk(denied_sim, "apac"), make_sdk(denied_sim, "emea")
    apac_bu = apac.wfm.get_workforcemanagement_businessunits().entities[0].id  # other permissions still work
    err, body = expect_api_error(
        lambda: apac.wfm.get_workforcemanagement_businessunit_week_schedules(apac_bu, WEEK), 403, apac.client
    )
    assert "wfm:schedule:view" in body.message and body.code == "missing.permissions"
    assert "wfm:schedule:view" in json.loads(err.body)["messageWithParams"] or "wfm:schedule:view" in str(
        body.message_params
    )
    emea_bu = emea.wfm.get_workforcemanagement_businessunits().entities[0].id
    schedules = emea.wfm.get_workforcemanagement_businessunit_week_schedules(emea_bu, WEEK)
    assert date.fromisoformat(WEEK) in {e.week_date for e in schedules.entities}


# -------------------------------------------------------------------------------------------- demo
def test_demo_business_units_weeks_and_forecasts(demo_sim):
    """Every demo business unit: settings, weeks on its own start day (Sunday units too), a week's forecast
    data (672 intervals, 768 with an 8th day) for the week of its number (1-based) in its forecast."""
    seen_days, counts, eighth_day = set(), {}, set()
    for key in ("emea", "apac", "amer"):
        s = make_sdk(demo_sim, key)
        wfm = s.wfm
        for bu in s.check(wfm.get_workforcemanagement_businessunits(), "BusinessUnitListing").entities:
            settings = s.check(
                wfm.get_workforcemanagement_businessunit(bu.id, expand=["settings"]), "BusinessUnitResponse"
            ).settings
            weekday = WEEKDAYS.index(settings.start_day_of_week)
            seen_days.add(settings.start_day_of_week)
            schedules = s.check(
                wfm.get_workforcemanagement_businessunit_week_schedules(bu.id, "recent"), "BuScheduleListing"
            ).entities
            weeks = {e.week_date + timedelta(weeks=i) for e in schedules for i in range(e.week_count)}
            assert len(weeks) >= 10 and all(w.weekday() == weekday for w in weeks), (key, bu.name)
            counts[(key, bu.name)] = {e.week_count for e in schedules}
            current = ANCHOR - timedelta(days=(ANCHOR.weekday() - weekday) % 7)
            assert current in weeks
            forecasts = s.check(
                wfm.get_workforcemanagement_businessunit_week_shorttermforecasts(bu.id, current.isoformat()),
                "BuShortTermForecastListing",
            ).entities
            (fc,) = forecasts
            scheduled = {e.short_term_forecast.id for e in schedules if e.week_date <= current}
            assert fc.id in scheduled, "the week's forecast is the one its schedule was built from"
            number = (current - fc.week_date).days // 7 + 1
            data = s.check(
                wfm.get_workforcemanagement_businessunit_week_shorttermforecast_data(
                    bu.id, fc.week_date.isoformat(), fc.id, week_number=number
                ),
                "BuForecastResultResponse",
            ).result
            assert (data.week_number, data.week_count) == (number, fc.week_count)
            lengths = {len(pg.offered_per_interval) for pg in data.planning_groups}
            assert data.planning_groups and lengths <= {672, 768}, (key, bu.name, lengths)
            eighth_day |= {(key, bu.name)} if 768 in lengths else set()
    assert seen_days == {"Monday", "Sunday"}
    assert counts[("amer", "AMER Central")] == {1, 2}, "demo's AMER Central: 2-week schedules and a rescheduled week"
    assert eighth_day == {("apac", "APAC Adelaide"), ("amer", "AMER Central")}


def test_demo_large_agent_schedule_query(demo_sim):
    """Whatever the answer size, inline ``result``, a ``downloadUrl`` or ``Processing`` + notification give
    the same schema; demo's first EMEA unit has units on both sides of the async limit."""
    s = make_sdk(demo_sim, "emea")
    try:
        wfm = s.wfm
        bu = wfm.get_workforcemanagement_businessunits().entities[0]
        mus = wfm.get_workforcemanagement_businessunit_managementunits(bu.id).entities
        week = "2026-11-16"
        sched = wfm.get_workforcemanagement_businessunit_week_schedules(bu.id, week).entities[0]
        total, kinds = 0, set()
        for mu in mus:
            body = build("BuQueryAgentSchedulesRequest", management_unit_id=mu.id)
            answer, result = query_agent_schedules(s, bu.id, week, sched.id, body)
            kinds.add(answer_kind(answer))
            assert result.agent_schedules
            assert all(r.shifts or r.full_day_time_off_markers for r in result.agent_schedules)
            total += len(result.agent_schedules)
        assert total >= 100
        assert kinds == {"download", "async"}
    finally:
        s.close()


# ------------------------------------------------------------------------------- known mismatches
