"""Contract tests: the official Genesys Python SDK (PureCloudPlatformClientV2 v269) as an independent client.

Every endpoint the simulator serves is called through its SDK API method and must deserialize into the
SDK's model with no unknown enum value (the SDK stores ``"outdated_sdk_version"``), every enum spelt exactly
as the SDK lists it, and no wire name the SDK does not know (see ``sdk_helpers``). On top of that each test
asserts real values: ids that join across endpoints, dates inside the scenario window, 672 forecast
intervals, activities inside their shifts, and the error contract (401, 403, 409, 400, 429 as ErrorBody).

Scenario facts used (tests pin the anchor 2026-11-23, see ``tests/simproc.TEST_ANCHOR``): the simulated
now is 2026-11-23T12:00Z; tiny publishes the weeks of 2026-11-09, -16 and -23 (2 history weeks + the anchor
week) and its business units start weeks on Monday, so 2026-11-16 is a week id; demo keeps 8 history weeks
and has Sunday-start units too. Activity-code writes, the 429 and the 403 cases use private simulators.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from urllib.parse import parse_qsl, urlsplit
from zoneinfo import ZoneInfo

import httpx
import pytest
from PureCloudPlatformClientV2 import (AnalyticsApi, ApiClient, ConversationsApi, OrganizationApi, RoutingApi,
                                       UsersApi, WorkforceManagementApi, models)
from PureCloudPlatformClientV2.rest import ApiException

from tests.contract.sdk_helpers import (KNOWN_EXTRA, check_model, deserialize, error_body, outdated, raw,
                                        sdk_client, unknown_keys)
from tests.simproc import TEST_ANCHOR, start_sim, token

UTC = timezone.utc
ANCHOR = date.fromisoformat(TEST_ANCHOR)
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
WEEK = "2026-11-16"  # a Monday inside tiny's history: a valid week id for every tiny business unit
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
CATEGORIES = {"OnQueueWork", "Break", "Meal", "Meeting", "OffQueueWork", "TimeOff", "Training", "Unavailable"}
ROUTING_QUALIFIERS = {"IDLE", "INTERACTING", "NOT_RESPONDING", "OFF_QUEUE", "COMMUNICATING"}
PRESENCE_QUALIFIERS = {"AVAILABLE", "ON_QUEUE", "BUSY", "AWAY", "BREAK", "MEAL", "MEETING", "TRAINING", "OFFLINE",
                       "IDLE"}
CONVERSATION_METRICS = ["nOffered", "tHandle", "tTalk", "tAcw", "tHeld", "tAnswered", "tAbandon"]


def build(klass: str, **attrs):
    """An SDK request model (their constructors take no arguments) with attributes set through its setters."""
    model = getattr(models, klass)()
    for name, value in attrs.items():
        setattr(model, name, value)
    return model


def expect_api_error(call, status: int, client: ApiClient):
    """Run ``call``; it must raise ApiException ``status`` whose body is a well-formed ErrorBody."""
    with pytest.raises(ApiException) as caught:
        call()
    err = caught.value
    assert err.status == status, f"expected HTTP {status}, got {err.status}: {err.body}"
    body = error_body(client, err)
    check_model(client, body, "ErrorBody", json.loads(err.body))
    assert body.status == status and body.code and body.message and body.context_id
    return err, body


@dataclass
class Sdk:
    """One org seen through the SDK."""

    key: str
    org: dict
    client: ApiClient
    organization: OrganizationApi = field(init=False)
    users: UsersApi = field(init=False)
    routing: RoutingApi = field(init=False)
    wfm: WorkforceManagementApi = field(init=False)
    analytics: AnalyticsApi = field(init=False)
    conversations: ConversationsApi = field(init=False)

    def __post_init__(self):
        self.organization = OrganizationApi(self.client)
        self.users = UsersApi(self.client)
        self.routing = RoutingApi(self.client)
        self.wfm = WorkforceManagementApi(self.client)
        self.analytics = AnalyticsApi(self.client)
        # SDK v269 serves POST /api/v2/analytics/conversations/aggregates/query from ConversationsApi only.
        self.conversations = ConversationsApi(self.client)

    def check(self, model, klass: str, data=None):
        check_model(self.client, model, klass, data)
        return model


def make_sdk(sim, key: str) -> Sdk:
    org = sim.org(key)
    return Sdk(key, org, sdk_client(org))


@pytest.fixture(scope="module", params=["emea", "apac"])
def sdk(request, tiny_sim) -> Sdk:
    return make_sdk(tiny_sim, request.param)


@dataclass
class Unit:
    """Ids discovered once per org (the first business unit and its first management unit)."""

    bu_id: str
    tz: str
    start_day: str
    mu_ids: list[str]
    mu_id: str
    mu_user_ids: set[str]
    all_user_ids: set[str]
    users: dict  # id -> User (state any)
    queue_ids: set[str]
    codes: dict  # id -> BusinessUnitActivityCode
    planning_group_ids: set[str]


def all_users(s: Sdk) -> list:
    return s.users.get_users(page_size=500, state="any").entities


@pytest.fixture(scope="module")
def unit(sdk) -> Unit:
    wfm = sdk.wfm
    bu = wfm.get_workforcemanagement_businessunits().entities[0]
    settings = wfm.get_workforcemanagement_businessunit(bu.id, expand=["settings"]).settings
    mus = wfm.get_workforcemanagement_businessunit_managementunits(bu.id).entities
    mu_users = wfm.get_workforcemanagement_managementunit_users(mus[0].id).entities
    codes = wfm.get_workforcemanagement_businessunit_activitycodes(bu.id).entities
    groups = wfm.get_workforcemanagement_businessunit_planninggroups(bu.id).entities
    queues = sdk.routing.get_routing_queues(page_size=100).entities
    users = {u.id: u for u in all_users(sdk)}
    return Unit(bu.id, settings.time_zone, settings.start_day_of_week, [m.id for m in mus], mus[0].id,
                {u.id for u in mu_users}, set(users), users, {q.id for q in queues},
                {c.id: c for c in codes}, {g.id for g in groups})


# --------------------------------------------------------------------------------------------- directory
def test_organization_me(sdk):
    me = sdk.check(sdk.organization.get_organizations_me(), "Organization")
    assert me.id == sdk.org["org_id"]
    assert me.name == sdk.org["name"]
    assert me.state == "active"
    assert me.default_language and me.domain


def test_users_state_any(sdk):
    listing = sdk.check(sdk.users.get_users(page_size=500, state="any"), "UserEntityListing")
    users = listing.entities
    assert listing.total == len(users) >= 5
    assert listing.page_number == 1 and listing.page_count == 1 and listing.next_uri is None
    assert len({u.id for u in users}) == len(users)
    assert all(u.id and u.name and "@" in u.email and u.state in ("active", "inactive") for u in users)
    with_employee_id = [u for u in users if u.employer_info and u.employer_info.employee_id]
    assert len(with_employee_id) >= 0.8 * len(users), "employerInfo.employeeId should be set for most users"
    assert all(date.fromisoformat(u.employer_info.date_hire) <= ANCHOR + timedelta(weeks=2) for u in users)
    # The default state is active: the inactive accounts drop out.
    active = sdk.users.get_users(page_size=500).entities
    assert {u.id for u in active} == {u.id for u in users if u.state == "active"}
    assert len(active) < len(users), "tiny has a user who left inside the window"


def test_users_ids_are_org_specific(tiny_sim):
    emea, apac = make_sdk(tiny_sim, "emea"), make_sdk(tiny_sim, "apac")
    a, b = all_users(emea), all_users(apac)
    assert not {u.id for u in a} & {u.id for u in b}, "user ids must be org-specific GUIDs"
    shared = {u.email for u in a} & {u.email for u in b}
    assert shared, "tiny shares people across orgs (same email, different user id)"


def test_routing_queues(sdk, unit):
    listing = sdk.check(sdk.routing.get_routing_queues(page_size=100), "QueueEntityListing")
    assert listing.total == len(listing.entities) >= 1
    for q in listing.entities:
        assert q.id and q.name and q.division.id and q.date_created
        assert q.media_settings, "each queue configures its media type"
    groups = sdk.wfm.get_workforcemanagement_businessunit_planninggroups(unit.bu_id).entities
    routed = {rp.queue.id for pg in groups for rp in pg.route_paths}
    assert routed and routed <= {q.id for q in listing.entities}, "planning groups route to this org's queues"


# ---------------------------------------------------------------------------------- WFM structure
def test_business_units(sdk):
    wfm = sdk.wfm
    listing = sdk.check(wfm.get_workforcemanagement_businessunits(), "BusinessUnitListing")
    assert listing.entities and all(bu.id and bu.name and bu.division.id for bu in listing.entities)
    for item in listing.entities:
        plain = sdk.check(wfm.get_workforcemanagement_businessunit(item.id), "BusinessUnitResponse")
        assert plain.id == item.id and plain.name == item.name and plain.settings is None
        full = sdk.check(wfm.get_workforcemanagement_businessunit(item.id, expand=["settings"]),
                         "BusinessUnitResponse")
        settings = full.settings
        assert settings.start_day_of_week == "Monday"  # every tiny business unit
        assert ZoneInfo(settings.time_zone), "timeZone must be an Olson name"
        assert settings.time_zone in ("Europe/Berlin", "Australia/Sydney")
        assert settings.metadata.version >= 1


def test_management_units(sdk, unit):
    wfm = sdk.wfm
    by_bu = sdk.check(wfm.get_workforcemanagement_businessunit_managementunits(unit.bu_id), "ManagementUnitListing")
    everywhere = sdk.check(wfm.get_workforcemanagement_managementunits(), "ManagementUnitListing")
    assert by_bu.entities and {m.id for m in by_bu.entities} <= {m.id for m in everywhere.entities}
    for item in by_bu.entities:
        mu = sdk.check(wfm.get_workforcemanagement_managementunit(item.id), "ManagementUnit")
        assert mu.id == item.id and mu.name == item.name
        assert mu.business_unit.id == unit.bu_id
        assert mu.time_zone == unit.tz and mu.start_day_of_week == unit.start_day
        members = sdk.check(wfm.get_workforcemanagement_managementunit_users(item.id), "WfmUserEntityListing")
        assert members.entities, "every management unit has agents"
        assert {u.id for u in members.entities} <= unit.all_user_ids, "MU users are users of the same org"


def test_management_unit_membership_is_disjoint(sdk, unit):
    seen: set[str] = set()
    for mu_id in unit.mu_ids:
        ids = {u.id for u in sdk.wfm.get_workforcemanagement_managementunit_users(mu_id).entities}
        assert not ids & seen, "an agent belongs to one management unit"
        seen |= ids


def test_activity_codes(sdk, unit):
    wfm = sdk.wfm
    listing = sdk.check(wfm.get_workforcemanagement_businessunit_activitycodes(unit.bu_id),
                        "BusinessUnitActivityCodeListing")
    codes = listing.entities
    assert listing.download_url is None
    assert {c.category for c in codes} == CATEGORIES, "one default code per category, at least"
    defaults = [c for c in codes if c.default_code]
    assert sorted(c.category for c in defaults) == sorted(CATEGORIES), "exactly one default code per category"
    for c in codes:
        assert c.id and c.name and c.metadata.version >= 1
        assert c.style.background_color.startswith("#") and len(c.style.background_color) == 7
    one = sdk.check(wfm.get_workforcemanagement_businessunit_activitycode(unit.bu_id, codes[0].id),
                    "BusinessUnitActivityCode")
    assert one.to_dict() == codes[0].to_dict()
    expect_api_error(lambda: wfm.get_workforcemanagement_businessunit_activitycode(
        unit.bu_id, "00000000-0000-4000-8000-000000000000"), 404, sdk.client)


def test_activity_codes_download(sdk, unit):
    listing = sdk.check(sdk.wfm.get_workforcemanagement_businessunit_activitycodes(
        unit.bu_id, force_download_service=True), "BusinessUnitActivityCodeListing")
    assert listing.entities is None and listing.download_url
    data = httpx.get(listing.download_url, timeout=30).json()
    downloaded = deserialize(sdk.client, data, "BusinessUnitActivityCodeListing")
    check_model(sdk.client, downloaded, "BusinessUnitActivityCodeListing", data)
    assert {c.id for c in downloaded.entities} == set(unit.codes)


@pytest.fixture
def private_tiny():
    """A private simulator for the activity-code writes (keeps the shared session sim unchanged)."""
    sim = start_sim("tiny", TEST_ANCHOR)
    yield sim
    sim.stop()


def test_activity_code_create_and_patch(private_tiny):
    s = make_sdk(private_tiny, "emea")
    wfm = s.wfm
    bu_id = wfm.get_workforcemanagement_businessunits().entities[0].id
    before = {c.id for c in wfm.get_workforcemanagement_businessunit_activitycodes(bu_id).entities}

    created = s.check(wfm.post_workforcemanagement_businessunit_activitycodes(bu_id, build(
        "CreateActivityCodeRequest", name="Contract Test Break", category="Break", length_in_minutes=20,
        counts_as_paid_time=True, counts_as_work_time=False,
        style=build("ActivityCodeStyle", background_color="#123456"))), "BusinessUnitActivityCode")
    assert s.client.last_response.status in (200, 201)
    assert created.id not in before and created.name == "Contract Test Break" and created.category == "Break"
    assert created.length_in_minutes == 20 and created.counts_as_work_time is False
    assert created.default_code is False and created.style.background_color == "#123456"
    version = created.metadata.version
    listed = wfm.get_workforcemanagement_businessunit_activitycodes(bu_id).entities
    assert created.id in {c.id for c in listed}

    patched = s.check(wfm.patch_workforcemanagement_businessunit_activitycode(bu_id, created.id, build(
        "UpdateActivityCodeRequest", name="Contract Test Break (renamed)", length_in_minutes=25,
        metadata=build("WfmVersionedEntityMetadata", version=version))), "BusinessUnitActivityCode")
    assert patched.name == "Contract Test Break (renamed)" and patched.length_in_minutes == 25
    assert patched.metadata.version == version + 1
    again = wfm.get_workforcemanagement_businessunit_activitycode(bu_id, created.id)
    assert again.name == patched.name and again.metadata.version == version + 1

    # The version we just used is stale now: optimistic locking answers 409 and changes nothing.
    expect_api_error(lambda: wfm.patch_workforcemanagement_businessunit_activitycode(bu_id, created.id, build(
        "UpdateActivityCodeRequest", name="lost update",
        metadata=build("WfmVersionedEntityMetadata", version=version))), 409, s.client)
    assert wfm.get_workforcemanagement_businessunit_activitycode(bu_id, created.id).name == patched.name

    # A default code keeps its category.
    default = next(c for c in listed if c.default_code and c.category == "Meal")
    expect_api_error(lambda: wfm.patch_workforcemanagement_businessunit_activitycode(bu_id, default.id, build(
        "UpdateActivityCodeRequest", category="Break",
        metadata=build("WfmVersionedEntityMetadata", version=default.metadata.version))), 400, s.client)


def test_planning_groups(sdk, unit):
    listing = sdk.check(sdk.wfm.get_workforcemanagement_businessunit_planninggroups(unit.bu_id), "PlanningGroupList")
    assert listing.entities
    for pg in listing.entities:
        assert pg.id and pg.name and pg.service_goal_template.id and pg.metadata.version >= 1
        assert pg.route_paths and all(rp.queue.id in unit.queue_ids for rp in pg.route_paths)
        assert all(rp.media_type in ("Voice", "Chat", "Email", "Callback", "Message", "Workitem")
                   for rp in pg.route_paths)


# -------------------------------------------------------------------------------------- schedules
def schedule_for(sdk, unit, week: str = WEEK):
    return sdk.wfm.get_workforcemanagement_businessunit_week_schedules(unit.bu_id, week).entities[0]


def test_week_schedules(sdk, unit):
    wfm = sdk.wfm
    one = sdk.check(wfm.get_workforcemanagement_businessunit_week_schedules(unit.bu_id, WEEK), "BuScheduleListing")
    assert len(one.entities) == 1
    item = one.entities[0]
    assert item.week_date == date.fromisoformat(WEEK) and item.week_count == 1 and item.published is True
    assert item.short_term_forecast.id and item.generation_results.failed is False
    assert item.metadata.date_modified <= NOW

    recent = sdk.check(wfm.get_workforcemanagement_businessunit_week_schedules(unit.bu_id, "recent"),
                       "BuScheduleListing")
    weeks = [e.week_date for e in recent.entities]
    assert weeks == sorted(weeks) and len(weeks) == 3, "tiny: 2 history weeks + the anchor week (its 1 future week)"
    assert all(w.weekday() == 0 for w in weeks), "weeks start on the unit's startDayOfWeek (Monday)"
    assert all(b - a == timedelta(weeks=1) for a, b in zip(weeks, weeks[1:]))
    assert date.fromisoformat(WEEK) in weeks and ANCHOR in weeks
    assert item.id in {e.id for e in recent.entities}

    assert wfm.get_workforcemanagement_businessunit_week_schedules(unit.bu_id, "2026-01-05").entities == []
    expect_api_error(lambda: wfm.get_workforcemanagement_businessunit_week_schedules(unit.bu_id, "2026-11-17"),
                     400, sdk.client)


def test_week_schedule(sdk, unit):
    item = schedule_for(sdk, unit)
    detail = sdk.check(sdk.wfm.get_workforcemanagement_businessunit_week_schedule(unit.bu_id, WEEK, item.id),
                       "BuScheduleMetadata")
    assert detail.id == item.id and detail.week_date == item.week_date
    assert {m.management_unit.id for m in detail.management_units} == set(unit.mu_ids)
    for mu in detail.management_units:
        assert mu.agent_count == len(mu.agents) > 0
        assert {a.id for a in mu.agents} <= unit.all_user_ids
    expect_api_error(lambda: sdk.wfm.get_workforcemanagement_businessunit_week_schedule(
        unit.bu_id, WEEK, "00000000-0000-4000-8000-000000000000"), 404, sdk.client)


def check_agent_schedules(unit, agent_schedules, schedule_id: str | None, start: datetime, end: datetime):
    """Shifts inside [start, end), activities inside their shift with this BU's codes, markers on TimeOff."""
    assert agent_schedules, "the query should find scheduled agents"
    shifts = 0
    for row in agent_schedules:
        assert row.user.id in unit.all_user_ids
        for shift in row.shifts:
            shifts += 1
            shift_end = shift.start_date + timedelta(minutes=shift.length_minutes)
            assert start - timedelta(days=1) <= shift.start_date < end
            assert 0 < shift.length_minutes <= 16 * 60 and shift.activities
            if schedule_id:
                assert shift.schedule.id == schedule_id
            for act in shift.activities:
                assert shift.start_date <= act.start_date
                assert act.start_date + timedelta(minutes=act.length_minutes) <= shift_end
                assert act.activity_code_id in unit.codes, "activities use this business unit's codes"
        for marker in row.full_day_time_off_markers:
            assert unit.codes[marker.activity_code_id].category == "TimeOff"
            assert start.date() - timedelta(days=1) <= marker.business_unit_date < end.date() + timedelta(days=1)
    assert shifts > 0


def test_agent_schedules_query_inline(sdk, unit):
    item = schedule_for(sdk, unit)
    answer = sdk.check(sdk.wfm.post_workforcemanagement_businessunit_week_schedule_agentschedules_query(
        unit.bu_id, WEEK, item.id, build("BuQueryAgentSchedulesRequest", management_unit_id=unit.mu_id)),
        "BuAsyncAgentSchedulesQueryResponse")
    assert answer.status == "Complete" and answer.download_url is None
    result = answer.result
    assert result.business_unit_time_zone == unit.tz
    start = datetime.combine(date.fromisoformat(WEEK), datetime.min.time(), ZoneInfo(unit.tz))
    check_agent_schedules(unit, result.agent_schedules, item.id, start, start + timedelta(days=7))
    found = {r.user.id for r in result.agent_schedules}
    hired_in_time = {uid for uid in unit.mu_user_ids
                     if date.fromisoformat(unit.users[uid].employer_info.date_hire) < start.date() + timedelta(days=7)}
    assert hired_in_time and hired_in_time <= found, "every member employed that week has a schedule row"

    # userIds filters.
    some = sorted(r.user.id for r in result.agent_schedules)[:2]
    only = sdk.wfm.post_workforcemanagement_businessunit_week_schedule_agentschedules_query(
        unit.bu_id, WEEK, item.id, build("BuQueryAgentSchedulesRequest", management_unit_id=unit.mu_id,
                                         user_ids=some)).result
    assert sorted(r.user.id for r in only.agent_schedules) == some


def test_agent_schedules_query_download(sdk, unit):
    item = schedule_for(sdk, unit)
    body = build("BuQueryAgentSchedulesRequest", management_unit_id=unit.mu_id)
    inline = sdk.wfm.post_workforcemanagement_businessunit_week_schedule_agentschedules_query(
        unit.bu_id, WEEK, item.id, body).result
    answer = sdk.check(sdk.wfm.post_workforcemanagement_businessunit_week_schedule_agentschedules_query(
        unit.bu_id, WEEK, item.id, body, force_download_service=True), "BuAsyncAgentSchedulesQueryResponse")
    assert answer.status == "Complete" and answer.result is None and answer.download_url
    assert answer.download_url.startswith("http")
    response = httpx.get(answer.download_url, timeout=30)  # pre-signed: no Authorization header
    assert response.status_code == 200
    data = response.json()
    assert set(data) >= {"agentSchedules", "businessUnitTimeZone"}
    downloaded = deserialize(sdk.client, data, "BuAgentSchedulesQueryResponse")
    check_model(sdk.client, downloaded, "BuAgentSchedulesQueryResponse", data)
    assert downloaded.to_dict() == inline.to_dict(), "the download carries the same schema and data as inline"


def test_agent_schedules_search(sdk, unit):
    start = datetime(2026, 11, 16, tzinfo=UTC)
    end = datetime(2026, 11, 23, tzinfo=UTC)
    answer = sdk.check(sdk.wfm.post_workforcemanagement_managementunit_agentschedules_search(
        unit.mu_id, build("BuSearchAgentSchedulesRequest", start_date=start, end_date=end)),
        "BuAsyncAgentSchedulesSearchResponse")
    assert answer.status == "Complete" and answer.result is not None
    result = answer.result
    assert result.business_unit_time_zone == unit.tz
    published = {p.week_date for p in result.published_schedules}
    assert date.fromisoformat(WEEK) in published
    assert all(p.id and p.week_count == 1 for p in result.published_schedules)
    for row in result.agent_schedules:
        for shift in row.shifts:
            assert start <= shift.start_date < end, "search returns the shifts that start inside the range"
    check_agent_schedules(unit, result.agent_schedules, None, start, end)


# -------------------------------------------------------------------------------------- forecasts
def test_short_term_forecasts(sdk, unit):
    wfm = sdk.wfm
    listing = sdk.check(wfm.get_workforcemanagement_businessunit_week_shorttermforecasts(unit.bu_id, WEEK),
                        "BuShortTermForecastListing")
    assert len(listing.entities) == 1
    item = listing.entities[0]
    assert item.week_date == date.fromisoformat(WEEK) and item.week_count == 1 and item.can_use_for_scheduling
    assert item.id == schedule_for(sdk, unit).short_term_forecast.id, "the schedule names its forecast"
    recent = sdk.check(wfm.get_workforcemanagement_businessunit_week_shorttermforecasts(unit.bu_id, "recent"),
                       "BuShortTermForecastListing")
    assert item.id in {f.id for f in recent.entities} and all(f.week_date.weekday() == 0 for f in recent.entities)

    fc = sdk.check(wfm.get_workforcemanagement_businessunit_week_shorttermforecast(unit.bu_id, WEEK, item.id),
                   "BuShortTermForecast")
    assert fc.id == item.id and fc.time_zone == unit.tz
    week_start = datetime.combine(date.fromisoformat(WEEK), datetime.min.time(), ZoneInfo(unit.tz))
    assert fc.reference_start_date == week_start, "reference start = the week's local midnight"
    assert {pg.id for pg in fc.planning_groups.entities} == unit.planning_group_ids

    groups = sdk.check(wfm.get_workforcemanagement_businessunit_week_shorttermforecast_planninggroups(
        unit.bu_id, WEEK, item.id), "ForecastPlanningGroupsResponse")
    assert {pg.id for pg in groups.entities} == unit.planning_group_ids
    assert all(pg.route_paths and pg.route_paths[0].queue.id in unit.queue_ids for pg in groups.entities)


def test_short_term_forecast_data(sdk, unit):
    wfm = sdk.wfm
    item = wfm.get_workforcemanagement_businessunit_week_shorttermforecasts(unit.bu_id, WEEK).entities[0]
    data = sdk.check(wfm.get_workforcemanagement_businessunit_week_shorttermforecast_data(unit.bu_id, WEEK, item.id),
                     "BuForecastResultResponse")
    result = data.result
    assert data.download_url is None and result.week_number == 0 and result.week_count == 1
    assert result.reference_start_date == datetime.combine(date.fromisoformat(WEEK), datetime.min.time(),
                                                           ZoneInfo(unit.tz))
    assert {pg.planning_group_id for pg in result.planning_groups} == unit.planning_group_ids
    for pg in result.planning_groups:
        assert len(pg.offered_per_interval) == 672, "15-minute intervals, 7 * 96 per week"
        assert len(pg.average_handle_time_seconds_per_interval) == 672
        assert all(v >= 0 for v in pg.offered_per_interval) and sum(pg.offered_per_interval) > 100
        assert 0 < max(pg.average_handle_time_seconds_per_interval) < 7200

    downloaded = sdk.check(wfm.get_workforcemanagement_businessunit_week_shorttermforecast_data(
        unit.bu_id, WEEK, item.id, force_download_service=True), "BuForecastResultResponse")
    assert downloaded.result is None and downloaded.download_url
    body = httpx.get(downloaded.download_url, timeout=30).json()
    same = deserialize(sdk.client, body, "BuForecastResult")
    check_model(sdk.client, same, "BuForecastResult", body)
    assert same.to_dict() == result.to_dict()


# -------------------------------------------------------------------------------------- adherence
def test_realtime_adherence(sdk, unit):
    listing = sdk.check(sdk.wfm.get_workforcemanagement_managementunit_adherence(unit.mu_id),
                        "UserScheduleAdherenceListing")
    rows = listing.entities
    assert rows and {r.user.id for r in rows} <= unit.mu_user_ids
    for r in rows:
        assert r.id == r.user.id and r.name
        assert r.management_unit.id == unit.mu_id and r.business_unit.id == unit.bu_id
        assert r.adherence_state in ("InAdherence", "OutOfAdherence", "Unscheduled", "Unknown", "Ignored",
                                     "Explained")
        assert r.routing_status in ROUTING_QUALIFIERS
        if r.system_presence == "OnQueue":
            assert r.routing_status in ("IDLE", "INTERACTING", "COMMUNICATING", "NOT_RESPONDING")
        else:
            assert r.routing_status == "OFF_QUEUE"
        if r.scheduled_activity_code:
            assert r.scheduled_activity_code.id in unit.codes
        assert r.time_of_adherence_change <= NOW
    if 9 <= NOW.astimezone(ZoneInfo(unit.tz)).hour < 17:  # Berlin 13:00 (Sydney is at 23:00: nobody works)
        assert any(r.scheduled_activity_category != "Unscheduled" for r in rows), "office hours: someone works"


def test_historical_adherence_bulk(sdk, unit):
    wfm = sdk.wfm
    start, end = datetime(2026, 11, 16, tzinfo=UTC), datetime(2026, 11, 23, tzinfo=UTC)
    query = build("WfmHistoricalAdherenceBulkQuery", time_zone=unit.tz, items=[
        build("WfmHistoricalAdherenceBulkItem", management_unit_id=mu_id, start_date=start, end_date=end,
              include_exceptions=True, include_actuals=True) for mu_id in unit.mu_ids])
    job = sdk.check(wfm.post_workforcemanagement_adherence_historical_bulk(query), "WfmHistoricalAdherenceBulkResponse")
    assert sdk.client.last_response.status == 202
    assert job.job.id and job.job.status == "Processing" and not job.download_urls
    deadline = time.monotonic() + 10
    while job.job.status == "Processing" and time.monotonic() < deadline:
        time.sleep(0.05)
        job = sdk.check(wfm.get_workforcemanagement_adherence_historical_bulk_job(job.job.id),
                        "WfmHistoricalAdherenceBulkResponse")
    assert job.job.status == "Complete"
    assert len(job.download_urls) == len(unit.mu_ids), "one download per item"

    exceptions = 0
    for mu_id, url in zip(unit.mu_ids, job.download_urls):
        data = httpx.get(url, timeout=30).json()
        assert set(data) >= {"startDate", "endDate", "managementUnitId", "userResults"}
        assert data["managementUnitId"] == mu_id
        for user in data["userResults"]:
            assert {"userId", "adherencePercentage", "conformancePercentage", "impact", "exceptionInfo",
                    "actuals", "dayMetrics"} <= set(user)
        result = deserialize(sdk.client, data, "WfmHistoricalAdherenceBulkResult")
        check_model(sdk.client, result, "WfmHistoricalAdherenceBulkResult", data)
        assert result.start_date == start and result.end_date == end
        assert result.user_results and {u.user_id for u in result.user_results} <= unit.all_user_ids
        worked = 0
        for user in result.user_results:
            assert 0 <= user.adherence_percentage <= 100 and user.conformance_percentage >= 0
            for day in user.day_metrics:
                assert 0 <= day.day_start_offset_seconds < 7 * 86400 or -86400 < day.day_start_offset_seconds < 0
                assert day.adherence_schedule_seconds <= day.schedule_length_seconds
                assert day.exception_duration_seconds <= day.adherence_schedule_seconds
                worked += day.schedule_length_seconds
            for exc in user.exception_info:
                exceptions += 1
                assert 0 <= exc.start_offset_seconds < exc.end_offset_seconds <= 7 * 86400
                assert exc.scheduled_activity_category in CATEGORIES | {"Unscheduled"}
                assert exc.impact in ("Positive", "Negative", "Neutral", "Unknown")
            for seg in user.actuals:
                assert 0 <= seg.start_offset_seconds < seg.end_offset_seconds <= 7 * 86400
        assert worked > 0, "a past week has scheduled seconds"
    assert exceptions > 0, "a week of history has adherence exceptions"


def test_historical_adherence_bulk_rejects_long_ranges(sdk, unit):
    query = build("WfmHistoricalAdherenceBulkQuery", time_zone="UTC", items=[build(
        "WfmHistoricalAdherenceBulkItem", management_unit_id=unit.mu_id, start_date=datetime(2026, 10, 1, tzinfo=UTC),
        end_date=datetime(2026, 11, 20, tzinfo=UTC))])
    expect_api_error(lambda: sdk.wfm.post_workforcemanagement_adherence_historical_bulk(query), 400, sdk.client)


# --------------------------------------------------------------------------------------- time off
def test_time_off_query(sdk, unit):
    wfm = sdk.wfm
    first, last = date(2026, 11, 1), date(2026, 12, 3)  # 33 days inclusive: the most the API allows
    body = build("TimeOffRequestQueryBody", date_range=build("DateRange", start_date=first.isoformat(),
                                                              end_date=last.isoformat()))
    rows = []
    for mu_id in unit.mu_ids:
        answer = sdk.check(wfm.post_workforcemanagement_managementunit_timeoffrequests_query(mu_id, body),
                           "TimeOffRequestListing")
        assert answer.download_url is None
        rows += answer.entities
        members = {u.id for u in wfm.get_workforcemanagement_managementunit_users(mu_id).entities}
        assert {r.user.id for r in answer.entities} <= unit.all_user_ids
        assert {r.user.id for r in answer.entities} & members or not answer.entities
    assert rows, "tiny seeds time off around the anchor"
    assert len({r.id for r in rows}) == len(rows)
    for r in rows:
        assert r.id and r.status in ("PENDING", "APPROVED", "DENIED", "CANCELED")
        assert unit.codes[r.activity_code_id].category == "TimeOff"
        assert r.submitted_date <= NOW and r.metadata.date_modified >= r.submitted_date
        if r.is_full_day_request:
            days = [date.fromisoformat(d) for d in r.full_day_management_unit_dates]
            assert days and any(first <= d <= last for d in days), "a request touching the range is returned"
            assert len(r.duration_minutes) == len(days)
        else:
            assert r.partial_day_start_date_times and r.full_day_management_unit_dates is None
        if r.status in ("APPROVED", "DENIED"):
            assert r.reviewed_date and r.reviewed_date >= r.submitted_date
    for mu_id in unit.mu_ids:
        pending = wfm.post_workforcemanagement_managementunit_timeoffrequests_query(
            mu_id, build("TimeOffRequestQueryBody", statuses=["PENDING"])).entities
        assert all(r.status == "PENDING" for r in pending)


def test_time_off_query_rejects_more_than_33_days(sdk, unit):
    body = build("TimeOffRequestQueryBody", date_range=build("DateRange", start_date="2026-11-01",
                                                              end_date="2026-12-04"))  # 34 days
    _, err = expect_api_error(lambda: sdk.wfm.post_workforcemanagement_managementunit_timeoffrequests_query(
        unit.mu_id, body), 400, sdk.client)
    assert "33" in err.message
    expect_api_error(lambda: sdk.wfm.post_workforcemanagement_managementunit_timeoffrequests_query(
        unit.mu_id, build("TimeOffRequestQueryBody", statuses=["APPROVED"])), 400, sdk.client)


def test_time_off_shows_in_schedules(sdk, unit):
    """Full-day markers and time-off activities point at APPROVED requests of the same agent and date."""
    linked = 0
    for mu_id in unit.mu_ids:
        requests = {r.id: r for r in sdk.wfm.post_workforcemanagement_managementunit_timeoffrequests_query(
            mu_id, build("TimeOffRequestQueryBody", date_range=build(
                "DateRange", start_date="2026-11-02", end_date="2026-12-04"))).entities}
        for week in ("2026-11-09", "2026-11-16", "2026-11-23"):
            item = schedule_for(sdk, unit, week)
            schedules = sdk.wfm.post_workforcemanagement_businessunit_week_schedule_agentschedules_query(
                unit.bu_id, week, item.id, build("BuQueryAgentSchedulesRequest", management_unit_id=mu_id)).result
            for row in schedules.agent_schedules:
                for marker in row.full_day_time_off_markers:
                    req = requests.get(marker.time_off_request_id)
                    assert req is not None, "a full-day marker points at a time-off request of the unit"
                    assert req.status == "APPROVED" and req.user.id == row.user.id and req.is_full_day_request
                    assert marker.business_unit_date.isoformat() in req.full_day_management_unit_dates
                    assert marker.activity_code_id == req.activity_code_id
                    linked += 1
                for shift in row.shifts:
                    for act in shift.activities:
                        if act.time_off_request_id:
                            req = requests[act.time_off_request_id]
                            assert req.status == "APPROVED" and req.user.id == row.user.id
                            linked += 1
    if sdk.key == "emea":  # apac's only approved time off inside these weeks is a bi-regional account's (below)
        assert linked, "tiny emea has approved time off inside its schedule weeks"


SCHEDULE_WEEKS = ("2026-11-09", "2026-11-16", "2026-11-23")  # tiny, every BU starts on Monday


def test_approved_full_day_time_off_has_markers(tiny_sim):
    """Reverse direction: every APPROVED full-day date inside a published week shows as a marker."""
    missing = []
    for key in ("emea", "apac"):
        s = make_sdk(tiny_sim, key)
        users = {u.id: u for u in all_users(s)}
        bu = s.wfm.get_workforcemanagement_businessunits().entities[0].id
        for mu in s.wfm.get_workforcemanagement_businessunit_managementunits(bu).entities:
            markers = set()
            for week in SCHEDULE_WEEKS:
                sched = s.wfm.get_workforcemanagement_businessunit_week_schedules(bu, week).entities[0]
                result = s.wfm.post_workforcemanagement_businessunit_week_schedule_agentschedules_query(
                    bu, week, sched.id, build("BuQueryAgentSchedulesRequest", management_unit_id=mu.id)).result
                markers |= {(r.user.id, m.business_unit_date) for r in result.agent_schedules
                            for m in r.full_day_time_off_markers}
            requests = s.wfm.post_workforcemanagement_managementunit_timeoffrequests_query(mu.id, build(
                "TimeOffRequestQueryBody", date_range=build("DateRange", start_date="2026-11-09",
                                                            end_date="2026-11-29"))).entities
            for req in requests:
                user = users[req.user.id]
                if req.status != "APPROVED" or not req.is_full_day_request or user.state != "active":
                    continue
                for day in map(date.fromisoformat, req.full_day_management_unit_dates):
                    in_window = date(2026, 11, 9) <= day < date(2026, 11, 30)
                    employed = day >= date.fromisoformat(user.employer_info.date_hire)
                    if in_window and employed and (user.id, day) not in markers:
                        missing.append((key, user.email, day.isoformat(), req.id))
    assert not missing, f"approved full-day time off without a schedule marker: {missing}"


# -------------------------------------------------------------------------------------- analytics
def interval(text: str) -> tuple[datetime, datetime]:
    start, _, end = text.partition("/")
    assert start.endswith("Z") and end.endswith("Z"), "intervals are UTC ...Z/...Z"
    return datetime.fromisoformat(start.replace("Z", "+00:00")), datetime.fromisoformat(end.replace("Z", "+00:00"))


def test_conversation_aggregates(sdk, unit):
    start, end = datetime(2026, 11, 20, tzinfo=UTC), datetime(2026, 11, 21, tzinfo=UTC)
    query = build("ConversationAggregationQuery", interval="2026-11-20T00:00:00.000Z/2026-11-21T00:00:00.000Z",
                  granularity="PT15M", group_by=["queueId", "mediaType"], metrics=CONVERSATION_METRICS)
    answer = sdk.check(sdk.conversations.post_analytics_conversations_aggregates_query(query),
                       "ConversationAggregateQueryResponse")
    assert answer.results
    handled = offered = 0
    for container in answer.results:
        assert set(container.group) == {"queueId", "mediaType"}
        assert container.group["queueId"] in unit.queue_ids
        assert container.group["mediaType"] in ("voice", "chat", "email", "callback", "message", "workitem")
        for bucket in container.data:
            lo, hi = interval(bucket.interval)
            assert hi - lo == timedelta(minutes=15) and start <= lo < end and lo.minute % 15 == 0
            for m in bucket.metrics:
                assert m.metric in CONVERSATION_METRICS
                assert m.stats.count > 0
                if m.metric.startswith("t"):
                    assert m.stats.sum >= 0 and m.stats.min <= m.stats.max
                if m.metric == "tHandle" and m.stats.sum > 0:
                    handled += m.stats.count
                    assert 10_000 <= m.stats.sum / m.stats.count <= 3_600_000, "AHT in milliseconds"
                if m.metric == "nOffered":
                    offered += m.stats.count
    assert handled > 0, "tHandle stats with count > 0 and sum > 0 somewhere"
    assert offered >= handled


def test_conversation_aggregates_future_is_empty(sdk):
    query = build("ConversationAggregationQuery", interval="2026-11-25T00:00:00.000Z/2026-11-26T00:00:00.000Z",
                  granularity="PT15M", group_by=["queueId"], metrics=["nOffered"])
    answer = sdk.check(sdk.conversations.post_analytics_conversations_aggregates_query(query),
                       "ConversationAggregateQueryResponse")
    assert not answer.results and raw(sdk.client) == {}


def test_user_aggregates(sdk, unit):
    query = build("UserAggregationQuery", interval="2026-11-20T00:00:00.000Z/2026-11-21T00:00:00.000Z",
                  granularity="PT15M", group_by=["userId"], metrics=["tAgentRoutingStatus", "tSystemPresence"])
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
    return client.call_api(parts.path, "GET", query_params=dict(parse_qsl(parts.query)),
                           header_params={"Accept": "application/json"}, response_type=klass,
                           auth_settings=["PureCloud OAuth"])


def test_users_paging(sdk):
    everyone = {u.id for u in all_users(sdk)}
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
    by_number = [q.id for n in range(1, first.page_count + 1)
                 for q in sdk.routing.get_routing_queues(page_size=1, page_number=n).entities]
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
    bad = httpx.post(f"{org['login_base_url']}/oauth/token", data={"grant_type": "client_credentials"},
                     auth=(org["client_id"], org["client_secret"] + "x"), timeout=30)
    assert bad.status_code == 401 and bad.json()["error"] == "invalid_client"
    other = tiny_sim.org("apac")  # another org's (valid) credentials are wrong here too
    bad = httpx.post(f"{org['login_base_url']}/oauth/token", data={"grant_type": "client_credentials"},
                     auth=(other["client_id"], other["client_secret"]), timeout=30)
    assert bad.status_code == 401 and bad.json()["error"] == "invalid_client"
    good = httpx.post(f"{org['login_base_url']}/oauth/token", data={"grant_type": "client_credentials"},
                      auth=(org["client_id"], org["client_secret"]), timeout=30).json()
    assert good["token_type"] == "bearer" and good["access_token"] and good["expires_in"] > 0


@pytest.mark.parametrize("bad_token,code", [("", None), ("garbage-token", "bad.credentials")])
def test_missing_or_garbage_token_is_401(tiny_sim, bad_token, code):
    org = tiny_sim.org("emea")
    client = sdk_client(org, access_token=bad_token)
    _, body = expect_api_error(lambda: OrganizationApi(client).get_organizations_me(), 401, client)
    if code:
        assert body.code == code
    _, body = expect_api_error(lambda: WorkforceManagementApi(client).get_workforcemanagement_businessunits(),
                               401, client)


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
    assert OrganizationApi(sdk_client(tiny_sim.org("emea"), access_token=emea_token)).get_organizations_me().id == \
        tiny_sim.org("emea")["org_id"], "the same token works on its own org"


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
    answer = httpx.get(f"{org['api_base_url']}/api/v2/organizations/me",
                       headers={"Authorization": f"Bearer {client.access_token}"}, timeout=30)
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
        lambda: apac.wfm.get_workforcemanagement_businessunit_week_schedules(apac_bu, WEEK), 403, apac.client)
    assert "wfm:schedule:view" in body.message and body.code == "missing.permissions"
    assert "wfm:schedule:view" in json.loads(err.body)["messageWithParams"] or \
        "wfm:schedule:view" in str(body.message_params)
    emea_bu = emea.wfm.get_workforcemanagement_businessunits().entities[0].id
    schedules = emea.wfm.get_workforcemanagement_businessunit_week_schedules(emea_bu, WEEK)
    assert len(schedules.entities) == 1 and schedules.entities[0].week_date == date.fromisoformat(WEEK)


# -------------------------------------------------------------------------------------------- demo
def test_demo_business_units_weeks_and_forecasts(demo_sim):
    """Every demo business unit: settings, weeks on its own start day (Sunday units too), 672 intervals."""
    seen_days = set()
    for key in ("emea", "apac", "amer"):
        s = make_sdk(demo_sim, key)
        wfm = s.wfm
        for bu in s.check(wfm.get_workforcemanagement_businessunits(), "BusinessUnitListing").entities:
            settings = s.check(wfm.get_workforcemanagement_businessunit(bu.id, expand=["settings"]),
                               "BusinessUnitResponse").settings
            weekday = WEEKDAYS.index(settings.start_day_of_week)
            seen_days.add(settings.start_day_of_week)
            schedules = s.check(wfm.get_workforcemanagement_businessunit_week_schedules(bu.id, "recent"),
                                "BuScheduleListing").entities
            weeks = [e.week_date for e in schedules]
            assert len(weeks) >= 10 and all(w.weekday() == weekday for w in weeks), (key, bu.name)
            current = ANCHOR - timedelta(days=(ANCHOR.weekday() - weekday) % 7)
            assert current in weeks
            forecasts = s.check(wfm.get_workforcemanagement_businessunit_week_shorttermforecasts(
                bu.id, current.isoformat()), "BuShortTermForecastListing").entities
            assert len(forecasts) == 1 and forecasts[0].id == schedules[weeks.index(current)].short_term_forecast.id
            data = s.check(wfm.get_workforcemanagement_businessunit_week_shorttermforecast_data(
                bu.id, current.isoformat(), forecasts[0].id), "BuForecastResultResponse").result
            assert data.planning_groups and all(len(pg.offered_per_interval) == 672 for pg in data.planning_groups)
    assert seen_days == {"Monday", "Sunday"}


def test_demo_large_agent_schedule_query(demo_sim):
    """Whatever the answer size, it is inline ``result`` or a ``downloadUrl`` with the same schema."""
    s = make_sdk(demo_sim, "emea")
    wfm = s.wfm
    bu = wfm.get_workforcemanagement_businessunits().entities[0]
    mus = wfm.get_workforcemanagement_businessunit_managementunits(bu.id).entities
    week = "2026-11-16"
    sched = wfm.get_workforcemanagement_businessunit_week_schedules(bu.id, week).entities[0]
    total = 0
    for mu in mus:
        answer = s.check(wfm.post_workforcemanagement_businessunit_week_schedule_agentschedules_query(
            bu.id, week, sched.id, build("BuQueryAgentSchedulesRequest", management_unit_id=mu.id)),
            "BuAsyncAgentSchedulesQueryResponse")
        assert answer.status == "Complete"
        if answer.download_url:
            assert answer.result is None
            data = httpx.get(answer.download_url, timeout=30).json()
            result = deserialize(s.client, data, "BuAgentSchedulesQueryResponse")
            check_model(s.client, result, "BuAgentSchedulesQueryResponse", data)
        else:
            result = answer.result
        assert result.agent_schedules and all(r.shifts or r.full_day_time_off_markers for r in result.agent_schedules)
        total += len(result.agent_schedules)
    assert total >= 100


# ------------------------------------------------------------------------------- known mismatches
