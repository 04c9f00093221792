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

This module holds what the four test_sdk_* files share: constants, the per-org SDK bundle and fixtures.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pytest
from PureCloudPlatformClientV2 import (
    AnalyticsApi,
    ApiClient,
    ConversationsApi,
    OrganizationApi,
    PresenceApi,
    RoutingApi,
    TeamsApi,
    UsersApi,
    WorkforceManagementApi,
    models,
)
from PureCloudPlatformClientV2.rest import ApiException

from tests.contract.sdk_helpers import (
    check_model,
    deserialize,
    error_body,
    raw,
    sdk_client,
)
from tests.notify import Listener, listener_for, resolve
from tests.simproc import TEST_ANCHOR

UTC = UTC
ANCHOR = date.fromisoformat(TEST_ANCHOR)
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
WEEK = "2026-11-16"  # a Monday inside tiny's history: a valid week id for every tiny business unit
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
CATEGORIES = {"OnQueueWork", "Break", "Meal", "Meeting", "OffQueueWork", "TimeOff", "Training", "Unavailable"}
ROUTING_QUALIFIERS = {"IDLE", "INTERACTING", "NOT_RESPONDING", "OFF_QUEUE", "COMMUNICATING"}
PRESENCE_QUALIFIERS = {
    "AVAILABLE",
    "ON_QUEUE",
    "BUSY",
    "AWAY",
    "BREAK",
    "MEAL",
    "MEETING",
    "TRAINING",
    "OFFLINE",
    "IDLE",
}
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
    presence: PresenceApi = field(init=False)
    teams: TeamsApi = field(init=False)
    _listener: Listener | None = field(default=None, init=False, repr=False)

    def __post_init__(self):
        self.organization = OrganizationApi(self.client)
        self.users = UsersApi(self.client)
        self.routing = RoutingApi(self.client)
        self.wfm = WorkforceManagementApi(self.client)
        self.analytics = AnalyticsApi(self.client)
        # SDK v269 serves POST /api/v2/analytics/conversations/aggregates/query from ConversationsApi only.
        self.conversations = ConversationsApi(self.client)
        self.presence = PresenceApi(self.client)  # the planners' entities (issue 16)
        self.teams = TeamsApi(self.client)

    def check(self, model, klass: str, data=None):
        check_model(self.client, model, klass, data)
        return model

    @property
    def listener(self) -> Listener:
        """A notification channel on the org's agent-schedule result topics, opened on first use."""
        if self._listener is None:
            self._listener = listener_for(self.org, self.client.access_token)
        return self._listener

    def close(self) -> None:
        if self._listener is not None:
            self._listener.close()
            self._listener = None


def make_sdk(sim, key: str) -> Sdk:
    org = sim.org(key)
    return Sdk(key, org, sdk_client(org))


@pytest.fixture(scope="module", params=["emea", "apac"])
def sdk(request, tiny_sim) -> Sdk:
    s = make_sdk(tiny_sim, request.param)
    yield s
    s.close()


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
    """Every user with employerInfo (an expand value): ``state=any`` (active and inactive) and ``state=deleted``
    (which ``any`` leaves out in the simulator; Genesys' behaviour is not documented)."""
    return [
        u
        for state in ("any", "deleted")
        for u in s.users.get_users(page_size=500, state=state, expand=["employerInfo"]).entities
    ]


def hired_by(user, day: date) -> bool:
    """Hired on or before ``day``; a user without dateHire on file (optional) counts as hired."""
    hired = user.employer_info and user.employer_info.date_hire
    return not hired or date.fromisoformat(hired) <= day


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
    return Unit(
        bu.id,
        settings.time_zone,
        settings.start_day_of_week,
        [m.id for m in mus],
        mus[0].id,
        {u.id for u in mu_users},
        set(users),
        users,
        {q.id for q in queues},
        {c.id: c for c in codes},
        {g.id for g in groups},
    )


def schedule_for(sdk, unit, week: str = WEEK):
    """The schedule that starts in ``week`` (a multi-week one starting earlier may span it too)."""
    listed = sdk.wfm.get_workforcemanagement_businessunit_week_schedules(unit.bu_id, week).entities
    return next(s for s in listed if s.week_date == date.fromisoformat(week))


def answer_kind(answer) -> str:
    """Which of the three agent-schedule answers an SDK ``BuAsync...Response`` is."""
    if answer.status == "Processing":
        assert answer.result is None and answer.download_url is None and answer.operation_id, answer
        return "async"
    assert answer.status == "Complete", answer
    return "download" if answer.download_url else "inline"


def _resolved(s: Sdk, answer, klass: str):
    """The result model of an async WFM answer: inline, downloaded, or announced by notification."""
    if answer.result is not None:
        return answer.result
    data = resolve(raw(s.client), s.listener)
    result = deserialize(s.client, data, klass)
    check_model(s.client, result, klass, data)
    return result


def query_agent_schedules(s: Sdk, bu_id: str, week: str, schedule_id: str, body, **flags):
    """POST agentschedules/query through the SDK (the listener subscribed first): (answer, result model)."""
    s.listener  # noqa: B018  (subscribe before posting: an event nobody listens for is lost)
    answer = s.check(
        s.wfm.post_workforcemanagement_businessunit_week_schedule_agentschedules_query(
            bu_id, week, schedule_id, body, **flags
        ),
        "BuAsyncAgentSchedulesQueryResponse",
    )
    return answer, _resolved(s, answer, "BuAgentSchedulesQueryResponse")


def resolve_search(s: Sdk, answer):
    """The ``BuAgentSchedulesSearchResponse`` of a search answer (MU or BU), whichever of the three it is."""
    return _resolved(s, answer, "BuAgentSchedulesSearchResponse")


def search_agent_schedules(s: Sdk, mu_id: str, body, **flags):
    """POST the management unit's agentschedules/search through the SDK: (answer, result model)."""
    s.listener  # noqa: B018
    answer = s.check(
        s.wfm.post_workforcemanagement_managementunit_agentschedules_search(mu_id, body, **flags),
        "BuAsyncAgentSchedulesSearchResponse",
    )
    return answer, resolve_search(s, answer)
