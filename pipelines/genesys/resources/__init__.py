"""The registry of resources: one module-level function per API family, checked against the load
contract (``settings.RESOURCES``) at import, so a renamed or missing function fails at import, not in
the middle of a nightly run. Each function takes the run's ``Extraction`` and yields pages (lists of
rows, Arrow tables, or pages tagged for another table with ``emit``)."""

from __future__ import annotations

from ..settings import RESOURCES
from .adherence import historical_adherence, realtime_adherence
from .analytics import interaction_volume, user_presence
from .directory import organizations, queues, users
from .forecasts import forecasts
from .planning import service_goal_templates, staffing_requirements
from .schedules import schedules
from .time_off import time_off_requests
from .units import activity_codes, business_units, management_unit_users, management_units, planning_groups

REGISTRY = {
    "organizations": organizations,
    "users": users,
    "queues": queues,
    "business_units": business_units,
    "management_units": management_units,
    "management_unit_users": management_unit_users,
    "activity_codes": activity_codes,
    "planning_groups": planning_groups,
    "service_goal_templates": service_goal_templates,
    "schedules": schedules,
    "forecasts": forecasts,
    "staffing_requirements": staffing_requirements,
    "historical_adherence": historical_adherence,
    "time_off_requests": time_off_requests,
    "interaction_volume": interaction_volume,
    "user_presence": user_presence,
    "realtime_adherence": realtime_adherence,
}

if list(REGISTRY) != list(RESOURCES):
    raise ImportError(f"resources registry {sorted(REGISTRY)} differs from settings.RESOURCES {sorted(RESOURCES)}")
