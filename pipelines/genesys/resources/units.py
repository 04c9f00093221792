"""Business units, management units and their members, activity codes, planning groups.

The per-unit calls are independent: they are kept in flight together (``GenesysClient.each``) and their
pages handed on in the units' order.
"""

from __future__ import annotations

from ...names import name_key
from ..emit import emit
from ..helpers import activity_code_row
from ..settings import WFM
from ..structure import Extraction


def business_units(x: Extraction):
    yield [
        {
            **x.cols,
            "business_unit_id": bu["id"],
            "name": bu["name"],
            "name_key": name_key(bu["name"]),
            "time_zone": bu["settings"]["timeZone"],
            "start_day_of_week": bu["settings"]["startDayOfWeek"],
        }
        for bu in x.org.business_units
    ]


def _management_unit_row(cols: dict, bu_id: str, mu: dict) -> dict:
    return {
        **cols,
        "management_unit_id": mu["id"],
        "business_unit_id": bu_id,
        "name": mu["name"],
        "name_key": name_key(mu["name"]),
        "time_zone": mu.get("timeZone"),
        "start_day_of_week": mu.get("startDayOfWeek"),
    }


def management_units(x: Extraction):
    for bu_id, mus in x.org.management_units.items():
        yield x.rows(_management_unit_row, mus, bu_id)


def _member_row(cols: dict, bu_id: str, mu_id: str, member: dict) -> dict:
    return {**cols, "management_unit_id": mu_id, "business_unit_id": bu_id, "user_id": member["id"]}


def management_unit_users(x: Extraction):
    """Membership through GET /managementunits/{id}/users (the MU membership route)."""
    units = [(bu_id, mu["id"]) for bu_id, mus in x.org.management_units.items() for mu in mus]

    def members(unit) -> list[dict]:
        return x.client.get(f"{WFM}/managementunits/{unit[1]}/users", expect=("entities",))["entities"]

    for (bu_id, mu_id), found in zip(units, x.client.each(members, units), strict=True):
        yield x.rows(_member_row, found, bu_id, mu_id)


def activity_codes(x: Extraction):
    """Each business unit's codes, inline or behind a downloadUrl (same shape either way)."""
    c, bus = x.client, x.org.listed_business_units

    def codes(bu: dict) -> dict:
        path = f"{WFM}/businessunits/{bu['id']}/activitycodes"
        return c.result(lambda: c.get(path), None, expect=("entities",))

    for bu, listing in zip(bus, c.each(codes, bus), strict=True):
        yield x.rows(activity_code_row, listing["entities"], bu["id"])


def _planning_group_row(cols: dict, bu_id: str, group: dict) -> dict:
    return {
        **cols,
        "business_unit_id": bu_id,
        "planning_group_id": group["id"],
        "name": group["name"],
        "name_key": name_key(group["name"]),
        "service_goal_template_id": (group.get("serviceGoalTemplate") or {}).get("id"),
    }


def _route_path_rows(cols: dict, bu_id: str, group: dict) -> list[dict]:
    return [
        {
            **cols,
            "business_unit_id": bu_id,
            "planning_group_id": group["id"],
            "queue_id": (path.get("queue") or {}).get("id"),
            "media_type": path.get("mediaType"),
        }
        for path in group.get("routePaths") or []
    ]


def planning_groups(x: Extraction):
    c, bus = x.client, x.org.listed_business_units

    def groups(bu: dict) -> list[dict]:
        return c.get(f"{WFM}/businessunits/{bu['id']}/planninggroups", expect=("entities",))["entities"]

    for bu, found in zip(bus, c.each(groups, bus), strict=True):
        yield x.rows(_planning_group_row, found, bu["id"])
        yield emit("planning_group_queues", [r for rs in x.rows(_route_path_rows, found, bu["id"]) for r in rs])
