"""The orgs' presence definitions: one System definition per system presence, and secondary (User) ones.

SDK v269 ``OrganizationPresenceDefinition {id, name, type (System | User), languageLabels, systemPresence,
divisionId, deactivated}``. Every org has the ten system presences; its secondary presences drift the way
separately run orgs do: EMEA names its meal "Lunch" and keeps a deactivated "Smoke break", APAC adds a
"Prayer break", AMER calls its meal "Lunch break" (a different name: another catalogue entry) and files
"Coaching" under Meeting instead of Training. Labels come in the org's locales (``localeCode=ALL``).

``organization_presence_id`` is the definition an agent's presence maps to when doing an activity of a
category: the secondary one where the org has it, else the system one. The analytics user aggregates'
``tOrganizationPresence`` qualifiers are these ids.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..ids import guid

SYSTEM = ("Available", "Away", "Busy", "Offline", "Idle", "OnQueue", "Meal", "Training", "Meeting", "Break")
# name -> (system presence, labels beyond en_US)
SECONDARY = {
    "Coffee break": ("Break", {"de": "Kaffeepause", "es": "Pausa para cafe"}),
    "Lunch": ("Meal", {"de": "Mittagessen"}),
    "Team huddle": ("Meeting", {}),
    "Coaching": ("Training", {}),
    "Back office": ("Busy", {}),
}
DRIFT = {
    "emea": {"add": {"Smoke break": ("Break", {})}, "deactivated": ("Smoke break",)},
    "apac": {"add": {"Prayer break": ("Break", {})}},
    "amer": {"rename": {"Lunch": "Lunch break"}, "move": {"Coaching": "Meeting"}},
}
# activity category -> the secondary presence an agent shows while doing it (the rest: the system one)
CATEGORY_PRESENCE = {"Break": "Coffee break", "Meal": "Lunch", "Meeting": "Team huddle", "Training": "Coaching"}


@dataclass(frozen=True)
class Definition:
    id: str
    name: str
    type: str  # System | User
    system_presence: str
    labels: dict
    deactivated: bool


def definitions(seed: int, org) -> list[Definition]:
    drift = DRIFT.get(org.key, {})
    found = [Definition(guid(seed, org.key, "presence", p), p, "System", p, {}, False) for p in SYSTEM]
    secondary = {**SECONDARY, **drift.get("add", {})}
    for name, (system, labels) in secondary.items():
        shown = drift.get("rename", {}).get(name, name)
        system = drift.get("move", {}).get(name, system)
        found.append(
            Definition(
                guid(seed, org.key, "presence", name),
                shown,
                "User",
                system,
                {"en_US": shown, **labels},
                name in drift.get("deactivated", ()),
            )
        )
    return found


def organization_presence_id(seed: int, org, category: str) -> str:
    """The presence definition id an agent doing an activity of ``category`` is in (tOrganizationPresence)."""
    from .catalog import SYSTEM_PRESENCE

    name = CATEGORY_PRESENCE.get(category)
    if name is not None:
        return guid(seed, org.key, "presence", name)
    return guid(seed, org.key, "presence", SYSTEM_PRESENCE.get(category, "Offline"))
