"""What WFM plans with: each business unit's service goal templates, and each forecast's staffing
requirement per planning group and interval (Genesys' own requirement, the one its schedules are built
to meet; the warehouse's Erlang C is only a cross-check, docs/metrics.md).

The staffing requirement (``GET .../shorttermforecasts/{id}/staffingrequirement``) is computed on
demand: an answer may be ``state: Processing`` with no results. There is no route to poll; completion is
pushed on the business unit's topic ``v2.workforcemanagement.businessunits.{id}.forecasts.staffingrequirement``
(SDK topic model ``WfmBuShortTermForecastStaffingRequirementsGenerateCompleteTopic...``: businessUnitId,
state, forecast, results with a downloadUrl per week). So the resource subscribes to every business unit's
topic before its first request, asks for every fresh forecast week, then waits for the events of those still
Processing; an event that does not come is ``NotReady`` (retryable), never "no requirement", and the week
is not recorded as loaded. The per-planning-group arrays "will always come via downloadUrl" (SDK).

Read like the forecasts it belongs to (``forecasts.py``): per business-unit week of the window, every forecast
spanning it, asking that week's number (``weekNumbers``, "The week numbers to fetch (for multi-week forecasts)",
SDK v269); the rows are filed under that week and replace what was loaded for it. A result for another week
than the one asked for is refused, never filed under the wrong week. The weeks are independent: every
forecast week's request, wait and download is in flight together (``GenesysClient.each``), and the rows are
handed on in business unit, week and forecast order; a week is recorded as loaded after its last forecast's.
"""

from __future__ import annotations

from datetime import date, timedelta

from ...names import name_key
from ..client import JobFailed, MalformedAnswer
from ..emit import emit
from ..helpers import iso
from ..notifications import STAFFING_REQUIREMENT_TOPIC, Notifications
from ..settings import WFM
from ..structure import Extraction
from ..weekly import forecast_week_row, grid_start
from .forecasts import listed_in_window
from .weeks import week_number, weeks_to_read

REQUIREMENT_EXPECT = ("planningGroupStaffingRequirements",)


def _template_row(cols: dict, bu_id: str, t: dict) -> dict:
    sl, asa, abandon = (t.get(k) or {} for k in ("serviceLevel", "averageSpeedOfAnswer", "abandonRate"))
    meta = t.get("metadata") or {}
    return {
        **cols,
        "business_unit_id": bu_id,
        "service_goal_template_id": t["id"],
        "name": t.get("name"),
        "name_key": name_key(t.get("name")),
        "service_level_include": sl.get("include"),
        "service_level_percent": sl.get("percent"),
        "service_level_seconds": sl.get("seconds"),
        "average_speed_of_answer_include": asa.get("include"),
        "average_speed_of_answer_seconds": asa.get("seconds"),
        "abandon_rate_include": abandon.get("include"),
        "abandon_rate_percent": abandon.get("percent"),
        "metadata_version": meta.get("version"),
        "date_modified": meta.get("dateModified"),
    }


def service_goal_templates(x: Extraction):
    """Every business unit's templates asked at once (``GenesysClient.each``), in the listing's order."""
    c, bus = x.client, x.org.listed_business_units

    def templates(bu: dict) -> list[dict]:
        return c.get(f"{WFM}/businessunits/{bu['id']}/servicegoaltemplates", expect=("entities",))["entities"]

    for bu, listed in zip(bus, c.each(templates, bus), strict=True):
        yield x.rows(_template_row, listed, bu["id"])


def requirement_rows(cols: dict, bu: dict, forecast: dict, week: date, header: dict, result: dict) -> list[dict]:
    """One downloaded week -> rows per planning group and interval, filed under ``week``. Interval i of week n
    starts i x intervalLengthMinutes after week n's place on the forecast's grid (``weekly.grid_start``: the
    same placement as the forecast's own ``/data``, whichever week ``referenceStartDate`` names)."""
    minutes = int(header["intervalLengthMinutes"])
    number = int(result["weekNumber"])
    start = grid_start(header, week, number, bu["settings"]["timeZone"])
    base = forecast_week_row(cols, bu, forecast, week, number)
    rows = []
    for group in result["planningGroupStaffingRequirements"]:
        minimum = group.get("minimumStaffPerInterval") or []
        effective = group.get("effectiveStaffPerInterval") or []
        for i, value in enumerate(group.get("staffingRequirementsPerInterval") or []):
            rows.append(
                {
                    **base,
                    "planning_group_id": group["planningGroupId"],
                    "interval_index": i,
                    "interval_start": iso(start + timedelta(minutes=i * minutes)),
                    "interval_minutes": minutes,
                    "staffing_requirement": value,
                    "minimum_staff": minimum[i] if i < len(minimum) else None,
                    "effective_staff": effective[i] if i < len(effective) else None,
                }
            )
    return rows


def staffing_requirements(x: Extraction):
    notes = Notifications(x.client)
    try:
        yield from _requirements(x, notes)
    finally:
        notes.close()


def _requirements(x: Extraction, notes: Notifications):
    c, bus = x.client, x.org.business_units
    listed = c.each(lambda bu: listed_in_window(x, bu, "staffing_requirements"), bus, urgent=True)
    reads = []  # (bu, week, forecast, its week number, record the week once its last forecast is read)
    for bu, (weeks, in_window) in zip(bus, listed, strict=True):
        # a week is read whole: its requirements are replaced per week, every forecast spanning it at once
        for week, forecasts, loaded in weeks_to_read(bu["id"], in_window, weeks, x.windows.explicit):
            last = forecasts[-1]
            reads += [(bu, week, fc, week_number(fc, week), loaded if fc is last else None) for fc in forecasts]
    if reads:  # every unit's topic at once, before the first request: no event is missed
        notes.subscribe(*(STAFFING_REQUIREMENT_TOPIC.format(id=u["id"]) for u in bus))

    def requirement(item) -> list[dict]:
        bu, week, fc, number, _ = item
        topic = STAFFING_REQUIREMENT_TOPIC.format(id=bu["id"])
        return _read(x, notes, topic, bu, week, fc, number, _ask(x, bu["id"], fc, number))

    # urgent: a first answer is Processing, and its event leads to downloads
    for (*_, loaded), rows in zip(reads, c.each(requirement, reads, urgent=True), strict=True):
        yield emit("staffing_requirements", rows)
        if loaded:
            loaded()


def _read(x: Extraction, notes: Notifications, topic: str, bu: dict, week, fc: dict, number: int, answer: dict):
    """One forecast week's requirement rows from its first answer; a Processing answer's result comes by
    notification, and expired signed URLs are asked for again (``GenesysClient.read_refreshing``)."""

    def rows_of(answer: dict) -> list[dict]:
        settled = notes.wait_for(topic, fc["id"]) if answer.get("state") == "Processing" else answer
        return _rows_of(x, bu, fc, week, number, settled)

    return x.client.read_refreshing(rows_of, lambda: _ask(x, bu["id"], fc, number), first=answer)


def _ask(x: Extraction, bu_id: str, fc: dict, number: int) -> dict:
    path = f"{WFM}/businessunits/{bu_id}/weeks/{fc['weekDate']}/shorttermforecasts/{fc['id']}/staffingrequirement"
    return x.client.get(path, expect=("state",), weekNumbers=number)


def _rows_of(x: Extraction, bu: dict, fc: dict, week: date, number: int, answer: dict) -> list[dict]:
    """A Complete answer (or event): week ``number``'s rows, downloaded where not inline."""
    org, state = x.client.org.key, answer.get("state")
    if state != "Complete":
        raise JobFailed(f"org {org}: the staffing requirement of forecast {fc['id']} is {state}")
    missing = [k for k in ("referenceStartDate", "intervalLengthMinutes") if answer.get(k) is None]
    if missing or not answer.get("results"):
        raise MalformedAnswer(
            f"org {org}: the staffing requirement of forecast {fc['id']} is Complete without "
            f"{', '.join(missing) or 'results'}"
        )
    answered = {r.get("weekNumber") for r in answer["results"]}
    if answered - {number}:  # another week filed under this one would replace its requirement silently
        raise MalformedAnswer(
            f"org {org}: the staffing requirement of forecast {fc['id']} answered weekNumber "
            f"{sorted(answered, key=str)} for weekNumber {number} (the week of {week.isoformat()})"
        )
    rows = []
    for result in answer["results"]:
        if result.get("planningGroupStaffingRequirements") is None:
            result = {**x.client.download(result["downloadUrl"], expect=REQUIREMENT_EXPECT), "weekNumber": number}
        rows += requirement_rows(x.cols, bu, fc, week, answer, result)
    return rows
