"""What WFM plans with: each business unit's service goal templates, and each forecast's staffing
requirement per planning group and interval (Genesys' own requirement, the one its schedules are built
to meet; the warehouse's Erlang C is only a cross-check, docs/metrics.md).

The staffing requirement (``GET .../shorttermforecasts/{id}/staffingrequirement``) is computed on
demand: an answer may be ``state: Processing`` with no results. There is no route to poll; completion is
pushed on the business unit's topic ``v2.workforcemanagement.businessunits.{id}.forecasts.staffingrequirement``
(SDK topic model ``WfmBuShortTermForecastStaffingRequirementsGenerateCompleteTopic...``: businessUnitId,
state, forecast, results with a downloadUrl per week). So the resource subscribes to every business unit's
topic before its first request, asks for every fresh forecast, then waits for the events of those still
Processing; an event that does not come is ``NotReady`` (retryable), never "no requirement", and the week
is not recorded as loaded. The per-planning-group arrays "will always come via downloadUrl" (SDK).
"""

from __future__ import annotations

from datetime import timedelta

from ...names import name_key
from ..client import DownloadRefused, JobFailed, MalformedAnswer
from ..emit import emit
from ..helpers import iso, parse_ts
from ..notifications import STAFFING_REQUIREMENT_TOPIC, Notifications
from ..settings import WFM
from ..structure import Extraction
from .weeks import fresh_weeks, spans_window, window_weeks

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
    for bu in x.org.business_units:
        listed = x.client.get(f"{WFM}/businessunits/{bu['id']}/servicegoaltemplates", expect=("entities",))
        yield x.rows(_template_row, listed["entities"], bu["id"])


def requirement_rows(cols: dict, bu_id: str, forecast: dict, header: dict, week: dict) -> list[dict]:
    """One downloaded week -> rows per planning group and interval. Interval i of week n starts at
    referenceStartDate + ((n - 1) x one week + i) x intervalLengthMinutes (UTC arithmetic, as the
    forecast's own ``/data``; week numbers 1-based, NOT CONFIRMED)."""
    minutes = int(header["intervalLengthMinutes"])
    per_week = 7 * 24 * 60 // minutes
    number = max(1, int(week.get("weekNumber") or 1))
    reference = parse_ts(header["referenceStartDate"])
    rows = []
    for group in week["planningGroupStaffingRequirements"]:
        minimum = group.get("minimumStaffPerInterval") or []
        effective = group.get("effectiveStaffPerInterval") or []
        for i, value in enumerate(group.get("staffingRequirementsPerInterval") or []):
            rows.append(
                {
                    **cols,
                    "business_unit_id": bu_id,
                    "forecast_id": forecast["id"],
                    "week_date": forecast["weekDate"],
                    "week_number": number,
                    "planning_group_id": group["planningGroupId"],
                    "interval_index": i,
                    "interval_start": iso(reference + timedelta(minutes=((number - 1) * per_week + i) * minutes)),
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
    c = x.client
    subscribed = False
    for bu in x.org.business_units:
        weeks = window_weeks(x.window("staffing_requirements"), bu["settings"]["startDayOfWeek"])
        listed = c.get(f"{WFM}/businessunits/{bu['id']}/weeks/recent/shorttermforecasts", expect=("entities",))
        in_window = [fc for fc in listed["entities"] if spans_window(fc, weeks)]
        topic = STAFFING_REQUIREMENT_TOPIC.format(id=bu["id"])
        for _, forecasts in fresh_weeks(bu["id"], in_window, x.windows.explicit):
            if not subscribed:  # every unit's topic at once, before the first request: no event is missed
                notes.subscribe(*(STAFFING_REQUIREMENT_TOPIC.format(id=u["id"]) for u in x.org.business_units))
                subscribed = True
            answers = [(fc, _ask(x, bu["id"], fc)) for fc in forecasts]
            for fc, answer in answers:
                if answer.get("state") == "Processing":
                    answer = notes.wait_for(topic, fc["id"])
                try:
                    rows = _rows_of(x, bu["id"], fc, answer)
                except DownloadRefused:  # the signed URLs expired: a fresh answer carries new ones
                    x.client.counters.retries[x.client.counters.current] += 1
                    rows = _rows_of(x, bu["id"], fc, _ask(x, bu["id"], fc))
                yield emit("staffing_requirements", rows)


def _ask(x: Extraction, bu_id: str, fc: dict) -> dict:
    path = f"{WFM}/businessunits/{bu_id}/weeks/{fc['weekDate']}/shorttermforecasts/{fc['id']}/staffingrequirement"
    return x.client.get(path, expect=("state",))


def _rows_of(x: Extraction, bu_id: str, fc: dict, answer: dict) -> list[dict]:
    """A Complete answer (or event): every week's rows, downloaded where not inline."""
    state = answer.get("state")
    if state != "Complete":
        raise JobFailed(f"org {x.client.org.key}: the staffing requirement of forecast {fc['id']} is {state}")
    missing = [k for k in ("referenceStartDate", "intervalLengthMinutes") if answer.get(k) is None]
    if missing or not answer.get("results"):
        raise MalformedAnswer(
            f"org {x.client.org.key}: the staffing requirement of forecast {fc['id']} is Complete without "
            f"{', '.join(missing) or 'results'}"
        )
    rows = []
    for week in answer["results"]:
        if week.get("planningGroupStaffingRequirements") is None:
            week = {
                "weekNumber": week.get("weekNumber"),
                **x.client.download(week["downloadUrl"], expect=REQUIREMENT_EXPECT),
            }
        rows += requirement_rows(x.cols, bu_id, fc, answer, week)
    return rows
