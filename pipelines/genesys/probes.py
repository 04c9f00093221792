"""Each resource's cheapest call and the permissions Genesys requires for it: what ``doctor`` checks.

Keyed like ``settings.RESOURCES`` (checked at import, so a new resource cannot forget its check).
``permissions`` is Genesys' "Requires ANY permissions" list for the call the resource needs most
(any one suffices; empty: none required); the first is the one ``doctor`` advises granting. Source:
the official SDK's API docs (SDKdocs257, platform-client-sdk-python 257.1.0 ``build/docs/*Api.md``,
summarized in docs/configuration.md). The simulator's routes name a subset of each list (its role,
``genesys_sim.runtime.ALL_PERMISSIONS``, holds only view permissions); tests/unit/test_probes.py keeps
them in agreement.

Path placeholders: ``{bu}`` a business unit, ``{mu}`` one of its management units, ``{forecast}`` and
``{week}`` a short-term forecast and its week date, ``{day}``/``{tomorrow}`` yesterday's and today's
UTC dates (yyyy-MM-dd). A probe reads one small page, or starts the smallest job there is (historical
adherence: one unit, one day, no exceptions; its result is never downloaded).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .settings import RESOURCES, WFM

# The view permissions among the ~70 (business unit) and ~60 (activity codes) wfm permissions the
# SDK docs list as ANY for these reads; add/edit/delete ones would do too, and are left out here.
_WFM_VIEW = (
    "wfm:businessUnit:view",
    "wfm:activityCode:view",
    "wfm:agent:view",
    "wfm:agentSchedule:view",
    "wfm:historicalAdherence:view",
    "wfm:shrinkage:view",
    "wfm:intraday:view",
    "wfm:managementUnit:view",
    "wfm:publishedSchedule:view",
    "wfm:realtimeAdherence:view",
    "wfm:schedule:view",
    "wfm:serviceGoalTemplate:view",
    "wfm:planningGroup:view",
    "wfm:shiftTradeRequest:view",
    "wfm:shortTermForecast:view",
    "wfm:staffingGroup:view",
    "wfm:timeOffRequest:view",
    "wfm:timeOffLimit:view",
    "wfm:timeOffPlan:view",
    "wfm:workPlan:view",
    "wfm:workPlanRotation:view",
)


@dataclass(frozen=True)
class Probe:
    method: str
    path: str  # with placeholders (module docstring)
    permissions: tuple[str, ...] = ()  # ANY of these (empty: none required); the first is advised
    params: dict = field(default_factory=dict)
    body: dict | None = None  # with placeholders in its string values
    needs: str = ""  # "bu", "mu" or "forecast": what must exist to make the call
    note: str = ""  # what the probe does not prove


PROBES = {
    "organizations": Probe("GET", "/api/v2/organizations/me"),
    # Requires no permissions; whether expand=employerInfo needs one of its own is NOT CONFIRMED (the
    # SDK's expand doc says expands are "best effort").
    "users": Probe("GET", "/api/v2/users", params={"pageSize": 1, "state": "any", "expand": "employerInfo"}),
    "queues": Probe("GET", "/api/v2/routing/queues", ("routing:queue:view",), params={"pageSize": 1}),
    # The listing requires no permission (it lists the units the client may see: the WFM-licence
    # check); one unit's settings require any wfm permission.
    "business_units": Probe("GET", f"{WFM}/businessunits/{{bu}}", _WFM_VIEW, params={"expand": "settings"}, needs="bu"),
    "management_units": Probe("GET", f"{WFM}/businessunits/{{bu}}/managementunits", needs="bu"),
    "management_unit_users": Probe(
        "GET",
        f"{WFM}/managementunits/{{mu}}/users",
        (
            "wfm:agent:view",
            "wfm:historicalAdherence:view",
            "wfm:publishedSchedule:view",
            "wfm:realtimeAdherence:view",
            "wfm:schedule:view",
            "wfm:staffingGroup:view",
            "wfm:timeOffRequest:view",
            "wfm:workPlanRotation:view",
            "wfm:workPlan:view",
        ),
        needs="mu",
    ),
    "activity_codes": Probe(
        "GET",
        f"{WFM}/businessunits/{{bu}}/activitycodes",
        (
            "wfm:activityCode:view",
            *(p for p in _WFM_VIEW if p not in ("wfm:activityCode:view", "wfm:staffingGroup:view")),
        ),
        needs="bu",
    ),
    "planning_groups": Probe(
        "GET",
        f"{WFM}/businessunits/{{bu}}/planninggroups",
        (
            "wfm:planningGroup:view",
            "wfm:shortTermForecast:view",
            "wfm:intraday:view",
            "wfm:agent:view",
            "wfm:schedule:view",
            "wfm:publishedSchedule:view",
        ),
        needs="bu",
    ),
    "service_goal_templates": Probe(
        "GET",
        f"{WFM}/businessunits/{{bu}}/servicegoaltemplates",
        ("wfm:serviceGoalTemplate:view", "wfm:planningGroup:view", "wfm:shortTermForecast:view"),
        needs="bu",
    ),
    # The week listing and the management-unit agent-schedule search require the same ANY list.
    "schedules": Probe(
        "GET",
        f"{WFM}/businessunits/{{bu}}/weeks/recent/schedules",
        ("wfm:schedule:view", "wfm:publishedSchedule:view"),
        params={"includeOnlyPublished": "true"},
        needs="bu",
    ),
    # One forecast (as its /data) requires wfm:shortTermForecast:view only; the listing would also
    # accept wfm:schedule:generate, so it is probed only when no forecast exists.
    "forecasts": Probe(
        "GET",
        f"{WFM}/businessunits/{{bu}}/weeks/{{week}}/shorttermforecasts/{{forecast}}",
        ("wfm:shortTermForecast:view",),
        needs="forecast",
    ),
    # The forecast listing it walks is the forecasts resource's (probed there); its result topic needs
    # no permission of its own beyond this one (an assumption, as for the schedule topics).
    "staffing_requirements": Probe(
        "GET",
        f"{WFM}/businessunits/{{bu}}/weeks/{{week}}/shorttermforecasts/{{forecast}}/staffingrequirement",
        ("wfm:staffingRequirement:view",),
        needs="forecast",
        note="an answer still Processing proves the permission, not the result",
    ),
    "historical_adherence": Probe(
        "POST",
        f"{WFM}/adherence/historical/bulk",
        ("wfm:historicalAdherence:view",),
        body={
            "timeZone": "UTC",
            "items": [
                {
                    "managementUnitId": "{mu}",
                    "startDate": "{day}T00:00:00.000Z",
                    "endDate": "{tomorrow}T00:00:00.000Z",
                    "includeExceptions": False,
                }
            ],
        },
        needs="mu",
        note="its job's results (GET .../bulk/jobs/{id}: no permission, the creator only) are not read",
    ),
    "time_off_requests": Probe(
        "POST",
        f"{WFM}/managementunits/{{mu}}/timeoffrequests/query",
        ("wfm:timeOffRequest:view",),
        body={"statuses": ["PENDING"]},
        needs="mu",
    ),
    "interaction_volume": Probe(
        "POST",
        "/api/v2/analytics/conversations/aggregates/query",
        ("analytics:conversationAggregate:view",),
        body={"interval": "{day}T00:00:00.000Z/{day}T00:15:00.000Z", "metrics": ["nOffered"]},
    ),
    "user_presence": Probe(
        "POST",
        "/api/v2/analytics/users/aggregates/query",
        ("analytics:userAggregate:view",),
        body={"interval": "{day}T00:00:00.000Z/{day}T00:15:00.000Z", "metrics": ["tSystemPresence"]},
    ),
    "realtime_adherence": Probe(
        "GET", f"{WFM}/managementunits/{{mu}}/adherence", ("wfm:realtimeAdherence:view",), needs="mu"
    ),
}

if list(PROBES) != list(RESOURCES):
    raise ImportError(f"probes {sorted(PROBES)} differ from settings.RESOURCES {sorted(RESOURCES)}: add its probe")


def fill(value, ids: dict):
    """``value`` (a path, or a body's strings at any depth) with its placeholders replaced from ``ids``."""
    if isinstance(value, str):
        return value.format(**ids)
    if isinstance(value, dict):
        return {k: fill(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, ids) for v in value]
    return value
