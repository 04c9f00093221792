"""The planners' plan listings through the official SDK: time-off plans, staffing groups, limits and their
values (and work plans with their rotations and per-week assignments).

Every answer deserializes into its SDK v269 model with no unknown wire name or enum, and joins: plans name
the business unit's management units, staffing groups and limits; staffing groups list real users; a limit's
values run a value per day and allow nothing on a blocked holiday.
"""

from __future__ import annotations

from datetime import date, timedelta

from tests.contract.common import build, expect_api_error


def _plans(sdk, unit, **kwargs):
    return sdk.check(
        sdk.wfm.get_workforcemanagement_businessunit_timeoffplans(unit.bu_id, **kwargs), "BuTimeOffPlanListing"
    )


def test_time_off_plans_name_units_groups_limits_and_holidays(sdk, unit):
    plans = _plans(sdk, unit).entities
    groups = sdk.check(
        sdk.wfm.get_workforcemanagement_businessunit_staffinggroups(unit.bu_id), "StaffingGroupListing"
    ).entities
    limits = sdk.check(
        sdk.wfm.get_workforcemanagement_businessunit_timeofflimits(unit.bu_id), "BuTimeOffLimitListing"
    ).entities
    assert plans and groups and limits
    limit_ids, group_ids = {limit.id for limit in limits}, {g.id for g in groups}
    for p in plans:
        assert p.activity_code_ids and set(p.activity_code_ids) <= set(unit.codes)
        assert all(unit.codes[c].category == "TimeOff" for c in p.activity_code_ids)
        association = p.business_unit_association
        assert {m.id for m in association.management_units or []} <= set(unit.mu_ids)
        assert {g.id for g in association.staffing_groups or []} <= group_ids
        assert association.management_units or association.staffing_groups, "a plan applies to someone"
        assert {limit.id for limit in p.time_off_limits or []} <= limit_ids
        assert p.count_against_time_off_limits == bool(p.time_off_limits)
        for override in p.override_dates or []:
            assert override.type in ("Blocked", "ManualReview")
    vacation = next(p for p in plans if p.name == "Vacation")
    assert date(2026, 12, 25) in {d.date for d in vacation.override_dates if d.type == "Blocked"}
    for g in groups:
        assert g.users and {u.id for u in g.users} <= unit.all_user_ids
    for limit in limits:
        assert limit.granularity == "Daily" and limit.management_unit.id in unit.mu_ids


def test_a_limits_values_run_a_value_per_day_and_none_on_a_blocked_holiday(sdk, unit):
    limit = sdk.wfm.get_workforcemanagement_businessunit_timeofflimits(unit.bu_id).entities[0]
    first, last = date(2026, 12, 20), date(2027, 1, 2)
    body = build(
        "QueryTimeOffLimitValuesForGranularityRequest",
        date_ranges=[build("LocalDateRange", start_date=first, end_date=last)],
    )
    answer = sdk.check(
        sdk.wfm.post_workforcemanagement_businessunit_timeofflimit_values_query(unit.bu_id, limit.id, body),
        "BuTimeOffLimitValuesForGranularityResponse",
    )
    assert answer.time_off_limit.id == limit.id and answer.granularity == "Daily"
    (values,) = answer.limit_values
    days = (last - first).days + 1
    assert values.start_date == first and len(values.values_per_day.limit_minutes) == days
    assert len(values.values_per_day.allocated_minutes) == days
    christmas = values.values_per_day.limit_minutes[(date(2026, 12, 25) - first).days]
    assert christmas == 0 and max(values.values_per_day.limit_minutes) > 0
    too_long = build("LocalDateRange", start_date=first, end_date=first + timedelta(days=366))
    body = build("QueryTimeOffLimitValuesForGranularityRequest", date_ranges=[too_long])
    expect_api_error(
        lambda: sdk.wfm.post_workforcemanagement_businessunit_timeofflimit_values_query(unit.bu_id, limit.id, body),
        400,
        sdk.client,
    )


def test_time_off_plans_and_staffing_groups_by_download(sdk, unit):
    import httpx

    from tests.contract.sdk_helpers import check_model, deserialize

    for klass, call in (
        ("BuTimeOffPlanListing", sdk.wfm.get_workforcemanagement_businessunit_timeoffplans),
        ("StaffingGroupListing", sdk.wfm.get_workforcemanagement_businessunit_staffinggroups),
    ):
        answer = sdk.check(call(unit.bu_id, force_download_service=True), klass)
        assert answer.entities is None and answer.download_url
        data = httpx.get(answer.download_url, timeout=30).json()
        check_model(sdk.client, deserialize(sdk.client, data, klass), klass, data)
        assert data["entities"]


# ------------------------------------------------------------------------------------- work plans
def test_work_plans_carry_weekly_paid_time_shift_rules_and_their_agents(sdk, unit):
    plans = sdk.check(
        sdk.wfm.get_workforcemanagement_managementunit_workplans(unit.mu_id, expand=["agents", "agentCount", "shifts"]),
        "WorkPlanListResponse",
    ).entities
    assert len(plans) == 5
    assigned = set()
    for p in plans:
        assert p.constrain_weekly_paid_time and p.valid and p.enabled
        if p.flexible_weekly_paid_time:
            assert p.weekly_exact_paid_minutes is None
            assert 0 <= p.weekly_minimum_paid_minutes <= p.weekly_maximum_paid_minutes <= 2400
        else:
            assert p.weekly_exact_paid_minutes in (1500, 2400)
        assert p.agent_count == len(p.agents) and p.shifts
        assigned |= {a.id for a in p.agents}
        for s in p.shifts:
            assert s.earliest_start_time_minutes_from_midnight <= s.latest_start_time_minutes_from_midnight < 1440
    assert assigned <= unit.all_user_ids and assigned
    bare = sdk.wfm.get_workforcemanagement_managementunit_workplans(unit.mu_id).entities
    assert all(p.agents is None and p.shifts is None for p in bare), "agents and shifts only when expanded"


def test_rotations_and_the_per_week_query_name_each_members_plan(sdk, unit):
    rotations = sdk.check(
        sdk.wfm.get_workforcemanagement_managementunit_workplanrotations(unit.mu_id, expand=["agents"]),
        "WorkPlanRotationListResponse",
    ).entities
    plan_ids = {p.id for p in sdk.wfm.get_workforcemanagement_managementunit_workplans(unit.mu_id).entities}
    for r in rotations:
        assert len(r.pattern.work_plans) == 2 and {w.id for w in r.pattern.work_plans} <= plan_ids
        assert r.agent_count == len(r.agents) and all(a.position in (0, 1) for a in r.agents)
    body = build(
        "GetAgentsWorkPlansRequest", agent_ids=sorted(unit.mu_user_ids), start_date=date(2026, 11, 11), week_count=3
    )
    answer = sdk.check(
        sdk.wfm.post_workforcemanagement_managementunit_agents_workplans_query(unit.mu_id, body),
        "AgentsWorkPlansResponse",
    )
    if answer.download_url:  # more agents than answer inline
        import httpx

        from tests.contract.sdk_helpers import check_model, deserialize

        data = httpx.get(answer.download_url, timeout=30).json()
        result = deserialize(sdk.client, data, "MuAgentsWorkPlansResult")
        check_model(sdk.client, result, "MuAgentsWorkPlansResult", data)
    else:
        result = answer.result
    assert result.reference_start_week_date == date(2026, 11, 9), "rolled back to the unit's week start (Monday)"
    assert {e.user.id for e in result.entities} == unit.mu_user_ids
    assert {ref.id for ref in result.work_plan_lookup.values()} == plan_ids
    rotating = {a.user.id for r in rotations for a in r.agents}
    for e in result.entities:
        keys = e.work_plan_lookup_keys_per_week
        assert len(keys) == 3 and all(str(k) in result.work_plan_lookup for k in keys)
        if e.user.id in rotating:
            assert keys[0] != keys[1] and keys[0] == keys[2], "a rotation alternates week by week"
