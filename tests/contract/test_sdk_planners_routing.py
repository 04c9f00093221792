"""Who can take which queue, through the official SDK: queue members, skills, users' skills, work teams;
and the org's presence definitions.

Every answer deserializes into its SDK v269 model with no unknown wire name or enum; paging is Genesys' own
(queue members: ``nextUri`` without ``total``; teams: cursors), and the values join the org's users and queues.
"""

from __future__ import annotations

from tests.contract.common import all_users


def test_queue_members_page_by_next_uri_without_a_total(sdk, unit):
    queue_id = sorted(unit.queue_ids)[0]
    first = sdk.check(sdk.routing.get_routing_queue_members(queue_id, page_size=3), "QueueMemberEntityListing")
    members, pages, page = list(first.entities), 1, first
    assert first.to_dict().get("total") is None and first.page_number == 1
    while page.next_uri:
        pages += 1
        page = sdk.check(
            sdk.routing.get_routing_queue_members(queue_id, page_size=3, page_number=pages), "QueueMemberEntityListing"
        )
        members += page.entities
    assert pages >= 2 and len({m.id for m in members}) == len(members) > 3
    for m in members:
        assert m.user.id == m.id and m.id in unit.all_user_ids and m.member_by == "user" and m.joined in (True, False)
    joined = sdk.routing.get_routing_queue_members(queue_id, page_size=100, joined=True).entities
    assert {m.id for m in joined} == {m.id for m in members if m.joined}


def test_skills_and_each_users_skills_by_expand_and_by_their_own_route(sdk, unit):
    listed = sdk.check(sdk.routing.get_routing_skills(page_size=100), "SkillEntityListing")
    ids = {s.id for s in listed.entities}
    assert listed.total == len(ids) >= 2 and all(s.state == "active" for s in listed.entities)
    users = sdk.users.get_users(page_size=500, state="any", expand=["skills"])
    sdk.check(users, "UserEntityListing")
    held = {u.id: {s.id: s.proficiency for s in u.skills} for u in users.entities}
    assert all(held.values()) and {s for h in held.values() for s in h} <= ids
    user_id = sorted(unit.mu_user_ids)[0]
    own = sdk.check(sdk.users.get_user_routingskills(user_id, page_size=100), "UserSkillEntityListing")
    assert {s.id: s.proficiency for s in own.entities} == held[user_id]
    assert all(1 <= s.proficiency <= 5 for s in own.entities)
    assert all(u.skills is None for u in all_users(sdk)), "skills only when expanded"


def test_work_teams_page_by_cursor_and_hold_each_active_user_once(sdk, unit):
    from tests.contract.sdk_helpers import raw

    teams, pages, page = [], 1, sdk.check(sdk.teams.get_teams(page_size=1), "TeamEntityListing")
    teams += page.entities
    while page.next_uri:  # one team a page: the cursor walks them all
        after = page.next_uri.split("after=", 1)[1].split("&", 1)[0]
        page = sdk.check(sdk.teams.get_teams(page_size=1, after=after), "TeamEntityListing")
        teams += page.entities
        pages += 1
    assert teams and pages == len(teams) == len({t.id for t in teams})
    members = {}
    for t in teams:
        listing = sdk.check(sdk.teams.get_team_members(t.id, page_size=100), "TeamMemberEntityListing")
        assert len(listing.entities) == t.member_count and not raw(sdk.client).get("nextUri")
        for m in listing.entities:
            assert m.id not in members, "a user is in one team"
            members[m.id] = t.id
    active = {u.id for u in unit.users.values() if u.state == "active"}
    assert set(members) == active


def test_presence_definitions_come_active_or_deactivated_with_every_label(sdk):
    active = sdk.check(
        sdk.presence.get_presence_definitions(deactivated="FALSE", locale_code="ALL"),
        "OrganizationPresenceDefinitionEntityListing",
    )
    off = sdk.check(
        sdk.presence.get_presence_definitions(deactivated="TRUE"), "OrganizationPresenceDefinitionEntityListing"
    )
    assert active.total == len(active.entities) and off.total == len(off.entities)
    system = [d for d in active.entities if d.type == "System"]
    assert len(system) == 10 and {d.system_presence for d in system} == {d.name for d in system}
    secondary = [d for d in active.entities if d.type == "User"]
    assert secondary and all(d.language_labels.get("en_US") == d.name and d.division_id for d in secondary)
    assert any(len(d.language_labels) > 1 for d in secondary), "localeCode=ALL: every label"
    assert all(d.deactivated for d in off.entities) and not any(d.deactivated for d in active.entities)
    assert {d.id for d in off.entities}.isdisjoint(d.id for d in active.entities)
