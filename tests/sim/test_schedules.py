"""Published schedules: republishing (delete / move / add) and the shape of what the queries serve."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest

from genesys_sim.scenarios import get_scenario
from tests.notify import resolve
from tests.sim._api import WFM, OrgApi, bu_week_start, parse_utc, weeks_spanned
from tests.simproc import TEST_ANCHOR, start_sim

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


def _layout(api: OrgApi) -> dict:
    """user id -> (business unit, management unit id) for every management-unit member."""
    found = {}
    for bu in api.business_units():
        for mu in api.management_units(bu["id"]):
            for uid in api.mu_users(mu["id"]):
                found[uid] = (bu, mu["id"])
    return found


def _week_state(api: OrgApi, bu: dict, mu_id: str, week: date) -> tuple[dict, dict]:
    """(schedule list item, user id -> {shift id: shift}) for one management unit and week."""
    (item,) = api.schedules(bu["id"], week.isoformat())
    shifts = {
        row["user"]["id"]: {s["id"]: s for s in row["shifts"]}
        for row in api.agent_schedules(bu["id"], week.isoformat(), mu_id)
    }
    return item, shifts


def _local_day(shift: dict, tz: str) -> date:
    return parse_utc(shift["startDate"]).astimezone(ZoneInfo(tz)).date()


@pytest.fixture(scope="module")
def republished():
    """A private simulator: emea schedules before and after ``republish(emea, 3)``."""
    sim = start_sim("tiny", TEST_ANCHOR)
    try:
        with OrgApi(sim, "emea") as api:
            layout = _layout(api)
            weeks = sorted(
                {
                    (bu["id"], mu_id, bu_week_start(NOW.date() + timedelta(days=d), bu["settings"]["startDayOfWeek"]))
                    for bu, mu_id in layout.values()
                    for d in range(1, 7)
                }
            )
            buses = {bu["id"]: bu for bu, _ in layout.values()}
            before = {(b, m, w): _week_state(api, buses[b], m, w) for b, m, w in weeks}
            made = sim.republish("emea", 3)
            after = {(b, m, w): _week_state(api, buses[b], m, w) for b, m, w in weeks}
            yield made, layout, before, after
    finally:
        sim.stop()


def _find(states: dict, layout: dict, change: dict) -> tuple[tuple, dict, dict]:
    bu, mu_id = layout[change["userId"]]
    day = date.fromisoformat(change["businessUnitDate"])
    key = (bu["id"], mu_id, bu_week_start(day, bu["settings"]["startDayOfWeek"]))
    item, shifts = states[key]
    return (
        key,
        item,
        {
            sid: s
            for sid, s in shifts.get(change["userId"], {}).items()
            if _local_day(s, bu["settings"]["timeZone"]) == day
        },
    )


def test_republish_returns_delete_move_add(republished):
    made, layout, _, _ = republished
    assert [m["kind"] for m in made] == ["delete", "move", "add"]
    assert [m["revision"] for m in made] == [1, 2, 3]
    assert all(m["at"] == "2026-11-23T12:00:00.000Z" for m in made)
    for m in made:
        assert m["userId"] in layout
        assert NOW.date() < date.fromisoformat(m["businessUnitDate"]) <= NOW.date() + timedelta(days=7)


def test_deleted_shift_is_gone(republished):
    made, layout, before, after = republished
    (change,) = [m for m in made if m["kind"] == "delete"]
    key, _, old = _find(before, layout, change)
    _, _, new = _find(after, layout, change)
    assert len(old) == 1 and new == {}
    (shift_id,) = old
    assert all(shift_id not in shifts for shifts in after[key][1].values())


def test_moved_shift_is_an_hour_later_and_manually_edited(republished):
    made, layout, before, after = republished
    (change,) = [m for m in made if m["kind"] == "move"]
    _, _, old = _find(before, layout, change)
    _, _, new = _find(after, layout, change)
    assert list(old) == list(new) and len(old) == 1  # same shift id
    (shift_id,) = old
    was, now = old[shift_id], new[shift_id]
    assert was["manuallyEdited"] is False and now["manuallyEdited"] is True
    assert parse_utc(now["startDate"]) - parse_utc(was["startDate"]) == timedelta(minutes=60)
    assert now["lengthMinutes"] == was["lengthMinutes"]
    assert [
        parse_utc(a["startDate"]) - parse_utc(b["startDate"])
        for a, b in zip(now["activities"], was["activities"], strict=False)
    ] == [timedelta(minutes=60)] * len(was["activities"])


def test_added_shift_is_present(republished):
    made, layout, before, after = republished
    (change,) = [m for m in made if m["kind"] == "add"]
    _, _, old = _find(before, layout, change)
    _, _, new = _find(after, layout, change)
    assert old == {} and len(new) == 1
    (shift,) = new.values()
    assert shift["manuallyEdited"] is True and shift["lengthMinutes"] == 240
    bu, _ = layout[change["userId"]]
    local = parse_utc(shift["startDate"]).astimezone(ZoneInfo(bu["settings"]["timeZone"]))
    assert (local.hour, local.minute) == (9, 0)  # open hour 07:00 + 2 h, business-unit time


def test_other_shifts_are_untouched(republished):
    made, _, before, after = republished
    touched = {m["userId"] for m in made}
    for key, (_, users) in before.items():
        for uid, shifts in users.items():
            if uid not in touched:
                assert after[key][1][uid] == shifts


def test_schedule_version_goes_up(republished):
    made, layout, before, after = republished
    per_week = {}
    for change in made:
        key, _, _ = _find(before, layout, change)
        per_week[key[0], key[2]] = per_week.get((key[0], key[2]), 0) + 1
    assert sum(per_week.values()) == 3
    for key, (item, _) in before.items():
        changes = per_week.get((key[0], key[2]), 0)
        new_item = after[key][0]
        assert item["metadata"]["version"] == 1
        assert new_item["metadata"]["version"] == 1 + changes
        if changes:
            assert new_item["metadata"]["dateModified"] == "2026-11-23T12:00:00.000Z"
            assert item["metadata"]["dateModified"] < new_item["metadata"]["dateModified"]
        else:
            assert new_item == item


def test_model_republish_only_changes_people_employed_that_day():
    """Many rounds of changes: each one lands on an employed home account (never a leaver's day)."""
    from genesys_sim.model import Model
    from genesys_sim.scenarios import get_scenario

    model = Model(get_scenario("tiny"), date.fromisoformat(TEST_ANCHOR))
    for key, org in model.orgs.items():
        made = model.republish(key, 30)
        assert [m.kind for m in made] == ["delete", "move", "add"] * 10
        for m in made:
            account = org.account(m.user_id)
            assert account.home is None and account.employed_on(m.bu_date), (key, m)
        assert len({(m.user_id, m.bu_date) for m in made}) == 30


# ---------------------------------------------------------------------------------------------- shape


@pytest.fixture(scope="module")
def tiny_emea(tiny_sim):
    with OrgApi(tiny_sim, "emea") as api:
        yield api


def test_activities_tile_their_shift_with_known_codes(tiny_emea):
    checked = 0
    for bu in tiny_emea.business_units():
        codes = {c["id"]: c for c in tiny_emea.activity_codes(bu["id"])}
        listed = tiny_emea.schedules(bu["id"])
        for week in weeks_spanned(listed):
            spanning = {s["id"]: s for s in tiny_emea.schedules(bu["id"], week)}
            for mu in tiny_emea.management_units(bu["id"]):
                for row in tiny_emea.agent_schedules(bu["id"], week, mu["id"]):
                    for shift in row["shifts"]:
                        cursor = parse_utc(shift["startDate"])
                        for activity in shift["activities"]:
                            assert parse_utc(activity["startDate"]) == cursor
                            cursor += timedelta(minutes=activity["lengthMinutes"])
                            code = codes[activity["activityCodeId"]]
                            assert activity["description"] == code["name"]
                            assert activity["paid"] == code["countsAsPaidTime"]
                            assert activity["payableMinutes"] == (
                                activity["lengthMinutes"] if code["countsAsPaidTime"] else 0
                            )
                        assert cursor - parse_utc(shift["startDate"]) == timedelta(minutes=shift["lengthMinutes"])
                        named = spanning[shift["schedule"]["id"]]  # a published schedule spanning the week
                        assert shift["schedule"]["weekDate"] == named["weekDate"]
                        checked += 1
                    for marker in row["fullDayTimeOffMarkers"]:
                        assert codes[marker["activityCodeId"]]["category"] == "TimeOff"
    assert checked >= 100


def test_search_agrees_with_the_query_of_the_schedule_it_shows(tiny_emea):
    """apac-style single-week case in emea's last week: one schedule, so the week's search (published view)
    and the schedule's own query carry the same shifts, and publishedSchedules names it."""
    (bu,) = tiny_emea.business_units()
    mu = tiny_emea.management_units(bu["id"])[0]
    week = "2026-11-23"
    (item,) = tiny_emea.schedules(bu["id"], week)
    by_query = {r["user"]["id"]: r for r in tiny_emea.query_schedule(bu["id"], item, mu["id"])}
    result = tiny_emea.search(mu["id"], datetime(2026, 11, 22, 23, tzinfo=UTC), datetime(2026, 11, 29, 23, tzinfo=UTC))
    assert result["businessUnitTimeZone"] == "Europe/Berlin"
    assert [p["weekDate"] for p in result["publishedSchedules"]] == [week]
    by_search = {r["user"]["id"]: r for r in result["agentSchedules"]}
    assert set(by_search) == set(by_query)
    assert sum(len(r["shifts"]) for r in by_query.values()) >= 10
    for uid, row in by_query.items():
        assert [s["id"] for s in by_search[uid]["shifts"]] == [s["id"] for s in row["shifts"]]


def test_large_queries_use_the_download_service(demo_sim):
    """Forced, or above the inline limit, the agent-schedule answer is a downloadUrl with the inline schema."""
    limits = get_scenario("demo")
    with OrgApi(demo_sim, "amer") as api:
        bu = next(b for b in api.business_units() if b["name"] == "AMER East")
        mu = api.management_units(bu["id"])[0]
        (item,) = api.schedules(bu["id"], "2026-11-15")
        path = f"{WFM}/businessunits/{bu['id']}/weeks/2026-11-15/schedules/{item['id']}/agentschedules/query"
        listener = api.listener
        plain = api.post(path, {"managementUnitId": mu["id"]})
        forced = api.post(path, {"managementUnitId": mu["id"]}, forceDownloadService="true")
        assert "result" not in forced
        url, api_base = urlsplit(forced["downloadUrl"]), urlsplit(demo_sim.base_url)
        assert url.port == api_base.port and url.hostname != api_base.hostname, "the download host: another name"
        downloaded = api.download(forced["downloadUrl"])
        rows = len(downloaded["agentSchedules"])
        assert limits.inline_schedule_limit < rows <= limits.async_schedule_limit, "this unit's size: a download"
        assert plain["status"] == "Complete" and "result" not in plain
        assert resolve(plain, listener) == downloaded
        members = api.mu_users(mu["id"])
        assert {r["user"]["id"] for r in downloaded["agentSchedules"]} <= set(members) | {
            u["id"] for u in api.users("inactive")
        }
