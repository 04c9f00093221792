"""Directory and WFM structure through the official SDK: org, users, queues, units, codes, planning groups."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest

from tests.contract.common import ANCHOR, CATEGORIES, all_users, build, expect_api_error, make_sdk
from tests.contract.sdk_helpers import (
    check_model,
    deserialize,
)
from tests.simproc import TEST_ANCHOR, start_sim


# --------------------------------------------------------------------------------------------- directory
def test_organization_me(sdk):
    me = sdk.check(sdk.organization.get_organizations_me(), "Organization")
    assert me.id == sdk.org["org_id"]
    assert me.name == sdk.org["name"]
    assert me.state == "active"
    assert me.default_language and me.domain


def test_users_state_any(sdk):
    listing = sdk.check(sdk.users.get_users(page_size=500, state="any", expand=["employerInfo"]), "UserEntityListing")
    users = listing.entities
    assert listing.total == len(users) >= 5
    assert listing.page_number == 1 and listing.page_count == 1 and listing.next_uri is None
    assert len({u.id for u in users}) == len(users)
    assert all(u.id and u.name and "@" in u.email and u.state in ("active", "inactive") for u in users)
    assert all(u.employer_info for u in users), "expand=employerInfo asked for it"
    with_employee_id = [u for u in users if u.employer_info.employee_id]
    assert 0.7 * len(users) <= len(with_employee_id) < len(users), "employeeId is optional: most users have one"
    hired = [date.fromisoformat(u.employer_info.date_hire) for u in users if u.employer_info.date_hire]
    assert len(users) - 2 <= len(hired) < len(users), "dateHire is optional too"
    assert all(day <= ANCHOR + timedelta(weeks=2) for day in hired)
    # The default state is active: the inactive accounts drop out.
    active = sdk.users.get_users(page_size=500).entities
    assert {u.id for u in active} == {u.id for u in users if u.state == "active"}
    assert all(u.employer_info is None for u in active), "no expand, no employerInfo"
    assert len(active) < len(users) or sdk.key == "emea", "apac's leaver is inactive (emea's was deleted)"


def test_users_state_deleted(sdk):
    """tiny emea's leaver was deleted; apac's is only inactive. What state=any does with deleted users is NOT
    CONFIRMED: the simulator leaves them out (state=deleted lists them)."""
    deleted = sdk.check(sdk.users.get_users(page_size=500, state="deleted"), "UserEntityListing").entities
    assert [u.state for u in deleted] == (["deleted"] if sdk.key == "emea" else [])
    assert not {u.id for u in deleted} & {u.id for u in sdk.users.get_users(page_size=500, state="any").entities}


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
        full = sdk.check(wfm.get_workforcemanagement_businessunit(item.id, expand=["settings"]), "BusinessUnitResponse")
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
    listing = sdk.check(
        wfm.get_workforcemanagement_businessunit_activitycodes(unit.bu_id), "BusinessUnitActivityCodeListing"
    )
    codes = listing.entities
    assert listing.download_url is None
    assert {c.category for c in codes} == CATEGORIES, "one default code per category, at least"
    defaults = [c for c in codes if c.default_code]
    assert sorted(c.category for c in defaults) == sorted(CATEGORIES), "exactly one default code per category"
    for c in codes:
        assert c.id and c.name and c.metadata.version >= 1
        assert c.style.background_color.startswith("#") and len(c.style.background_color) == 7
    one = sdk.check(
        wfm.get_workforcemanagement_businessunit_activitycode(unit.bu_id, codes[0].id), "BusinessUnitActivityCode"
    )
    assert one.to_dict() == codes[0].to_dict()
    expect_api_error(
        lambda: wfm.get_workforcemanagement_businessunit_activitycode(
            unit.bu_id, "00000000-0000-4000-8000-000000000000"
        ),
        404,
        sdk.client,
    )


def test_activity_codes_download(sdk, unit):
    listing = sdk.check(
        sdk.wfm.get_workforcemanagement_businessunit_activitycodes(unit.bu_id, force_download_service=True),
        "BusinessUnitActivityCodeListing",
    )
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

    created = s.check(
        wfm.post_workforcemanagement_businessunit_activitycodes(
            bu_id,
            build(
                "CreateActivityCodeRequest",
                name="Contract Test Break",
                category="Break",
                length_in_minutes=20,
                counts_as_paid_time=True,
                counts_as_work_time=False,
                style=build("ActivityCodeStyle", background_color="#123456"),
            ),
        ),
        "BusinessUnitActivityCode",
    )
    assert s.client.last_response.status in (200, 201)
    assert created.id not in before and created.name == "Contract Test Break" and created.category == "Break"
    assert created.length_in_minutes == 20 and created.counts_as_work_time is False
    assert created.default_code is False and created.style.background_color == "#123456"
    version = created.metadata.version
    listed = wfm.get_workforcemanagement_businessunit_activitycodes(bu_id).entities
    assert created.id in {c.id for c in listed}

    patched = s.check(
        wfm.patch_workforcemanagement_businessunit_activitycode(
            bu_id,
            created.id,
            build(
                "UpdateActivityCodeRequest",
                name="Contract Test Break (renamed)",
                length_in_minutes=25,
                metadata=build("WfmVersionedEntityMetadata", version=version),
            ),
        ),
        "BusinessUnitActivityCode",
    )
    assert patched.name == "Contract Test Break (renamed)" and patched.length_in_minutes == 25
    assert patched.metadata.version == version + 1
    again = wfm.get_workforcemanagement_businessunit_activitycode(bu_id, created.id)
    assert again.name == patched.name and again.metadata.version == version + 1

    # The version we just used is stale now: optimistic locking answers 409 and changes nothing.
    expect_api_error(
        lambda: wfm.patch_workforcemanagement_businessunit_activitycode(
            bu_id,
            created.id,
            build(
                "UpdateActivityCodeRequest",
                name="lost update",
                metadata=build("WfmVersionedEntityMetadata", version=version),
            ),
        ),
        409,
        s.client,
    )
    assert wfm.get_workforcemanagement_businessunit_activitycode(bu_id, created.id).name == patched.name

    # A default code keeps its category.
    default = next(c for c in listed if c.default_code and c.category == "Meal")
    expect_api_error(
        lambda: wfm.patch_workforcemanagement_businessunit_activitycode(
            bu_id,
            default.id,
            build(
                "UpdateActivityCodeRequest",
                category="Break",
                metadata=build("WfmVersionedEntityMetadata", version=default.metadata.version),
            ),
        ),
        400,
        s.client,
    )


def test_planning_groups(sdk, unit):
    listing = sdk.check(sdk.wfm.get_workforcemanagement_businessunit_planninggroups(unit.bu_id), "PlanningGroupList")
    assert listing.entities
    for pg in listing.entities:
        assert pg.id and pg.name and pg.service_goal_template.id and pg.metadata.version >= 1
        assert pg.route_paths and all(rp.queue.id in unit.queue_ids for rp in pg.route_paths)
        assert all(
            rp.media_type in ("Voice", "Chat", "Email", "Callback", "Message", "Workitem") for rp in pg.route_paths
        )
