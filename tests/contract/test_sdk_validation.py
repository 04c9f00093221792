"""Validation answers Genesys documents, through the official SDK: the agent-schedule query's team checks
(announced for 2025-12-18), the historical adherence range limit, and expand-only employerInfo (issue 14 items
9, 6, 1). Each error must deserialize as the SDK's ErrorBody with its documented code."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PureCloudPlatformClientV2 import TeamsApi

from tests.contract.common import build, expect_api_error, query_agent_schedules, schedule_for


@pytest.fixture(scope="module")
def teams(sdk, unit) -> dict:
    """name -> Team (GET /api/v2/teams: each management unit's current members in teams "<unit> Team A", "B"...,
    and an empty one)."""
    listing = sdk.check(TeamsApi(sdk.client).get_teams(), "TeamEntityListing")
    assert listing.next_uri is None
    return {t.name: t for t in listing.entities}


def _unit_teams(teams: dict, unit_name_suffix: str = "MU 1") -> list:
    return [t for name, t in teams.items() if f"{unit_name_suffix} Team " in name]


def test_teams_are_listed_with_their_member_counts(sdk, unit, teams):
    assert teams["New Starters"].member_count == 0
    assert _unit_teams(teams) and sum(t.member_count for t in _unit_teams(teams)) == len(unit.mu_user_ids)


def test_a_query_naming_users_outside_its_teams_is_refused(sdk, unit, teams):
    """userIds none of which is in teamIds: 400 wfm.no.authorized.users.in.requested.teams (before 2025-12-18
    the whole management unit came back)."""
    item = schedule_for(sdk, unit)
    team = _unit_teams(teams)[0]
    outsider = sorted(unit.all_user_ids - unit.mu_user_ids) or ["00000000-0000-4000-8000-000000000000"]
    body = build(
        "BuQueryAgentSchedulesRequest", management_unit_id=unit.mu_id, user_ids=outsider[:1], team_ids=[team.id]
    )
    wfm = sdk.wfm
    call = lambda: wfm.post_workforcemanagement_businessunit_week_schedule_agentschedules_query(  # noqa: E731
        unit.bu_id, item.week_date.isoformat(), item.id, body
    )
    _, err = expect_api_error(call, 400, sdk.client)
    assert err.code == "wfm.no.authorized.users.in.requested.teams"
    # the team's own members are answered, only them
    members = build("BuQueryAgentSchedulesRequest", management_unit_id=unit.mu_id, team_ids=[team.id])
    _, result = query_agent_schedules(sdk, unit.bu_id, item.week_date.isoformat(), item.id, members)
    assert {r.user.id for r in result.agent_schedules} <= unit.mu_user_ids


def test_an_empty_team_is_refused(sdk, unit, teams):
    """An empty team, or one with no member in the management unit: 400
    wfm.team.empty.or.no.members.in.management.unit."""
    item = schedule_for(sdk, unit)
    own = {t.id for t in _unit_teams(teams)}
    others = [t for name, t in teams.items() if " Team " in name and t.id not in own]
    for team in [teams["New Starters"], *others]:
        body = build("BuQueryAgentSchedulesRequest", management_unit_id=unit.mu_id, team_ids=[team.id])
        _, err = expect_api_error(
            lambda body=body: sdk.wfm.post_workforcemanagement_businessunit_week_schedule_agentschedules_query(
                unit.bu_id, item.week_date.isoformat(), item.id, body
            ),
            400,
            sdk.client,
        )
        assert err.code == "wfm.team.empty.or.no.members.in.management.unit", team.name


def test_historical_adherence_item_over_seven_days_with_exceptions_is_refused(sdk, unit):
    """ "31 days, or 7 days with includeExceptions" (documented for the MU and team routes; assumed per bulk
    item): a local week across the Oct 25 fall-back (169 hours in Berlin) is one hour too long."""
    zone = ZoneInfo("Europe/Berlin")
    start = datetime(2026, 10, 19, tzinfo=zone)
    end = datetime(2026, 10, 26, tzinfo=zone)
    assert end.astimezone(ZoneInfo("UTC")) - start.astimezone(ZoneInfo("UTC")) == timedelta(hours=169)
    item = build(
        "WfmHistoricalAdherenceBulkItem",
        management_unit_id=unit.mu_id,
        start_date=start,
        end_date=end,
        include_exceptions=True,
    )
    query = build("WfmHistoricalAdherenceBulkQuery", time_zone="Europe/Berlin", items=[item])
    _, err = expect_api_error(
        lambda: sdk.wfm.post_workforcemanagement_adherence_historical_bulk(query), 400, sdk.client
    )
    assert err.message_params["maxDays"] == "7"


def test_employer_info_only_with_its_expand_value(sdk):
    bare = sdk.users.get_users(page_size=500, state="any").entities
    expanded = sdk.users.get_users(page_size=500, state="any", expand=["employerInfo"]).entities
    assert all(u.employer_info is None for u in bare) and all(u.employer_info for u in expanded)
    assert any(u.employer_info.employee_id is None for u in expanded), "employeeId is optional"
