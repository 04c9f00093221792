"""Model objects -> JSON dicts with the API's exact wire names (SDK ``attribute_map``)."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from .ids import UTC, iso_utc
from .model.catalog import CODE_COLORS, QUEUE_MEDIA_KEY, SERVICE_GOALS
from .model.schedule import FullDayMarker, Shift


def ref(id_: str, uri: str | None = None) -> dict:
    return {"id": id_, "selfUri": uri} if uri else {"id": id_}


def wfm_metadata(version: int, modified: datetime, created: datetime | None = None) -> dict:
    return {
        "version": version,
        "dateCreated": iso_utc(created or modified),
        "dateModified": iso_utc(modified),
        "createdBy": {"id": "System"},
        "modifiedBy": {"id": "System"},
    }


def division(org, named: bool = True) -> dict:
    """The org's home division; WFM units carry a DivisionReference (no name)."""
    ref_ = {
        "id": org.org_id.replace("-", "")[:8] + "-0000-4000-8000-" + org.org_id[-12:],
        "selfUri": "/api/v2/authorization/divisions/home",
    }
    return {**ref_, "name": "Home"} if named else ref_


def user(org, account, on: date, expand: set[str] = frozenset()) -> dict:
    """A ``User``; ``employerInfo`` only when ``expand`` names it (an expand value of GET /api/v2/users, SDK
    docs), its ``employeeId`` and ``dateHire`` only where the account has them (both optional)."""
    state = account.state_on(on)
    body = {
        "id": account.user_id,
        "name": account.name,
        "division": division(org),
        "department": account.bu.spec.name,
        "email": account.email,
        "state": state,
        "title": account.title,
        "username": account.email,
        "primaryContactInfo": [{"address": account.email, "mediaType": "EMAIL", "type": "PRIMARY"}],
        "addresses": [],
        "version": {"active": 1, "inactive": 2, "deleted": 3}[state],
        "acdAutoAnswer": False,
        "selfUri": f"/api/v2/users/{account.user_id}",
    }
    if "employerInfo" in expand:
        info = {"officialName": account.name, "employeeType": "Full-time"}
        if account.employee_id:
            info["employeeId"] = account.employee_id
        if account.date_hire_on_file:
            info["dateHire"] = account.date_hire.isoformat()
        body["employerInfo"] = info
    return body


def queue(org, q) -> dict:
    percentage, seconds = SERVICE_GOALS[q.media_type]
    media = {
        QUEUE_MEDIA_KEY[q.media_type]: {
            "alertingTimeoutSeconds": 30,
            "serviceLevel": {"percentage": percentage, "durationMs": seconds * 1000},
        }
    }
    return {
        "id": q.id,
        "name": q.name,
        "division": division(org),
        "description": f"{q.name} ({q.media_type})",
        "dateCreated": iso_utc(q.date_created),
        "dateModified": iso_utc(q.date_created),
        "memberCount": 0,
        "userMemberCount": 0,
        "joinedMemberCount": 0,
        "mediaSettings": media,
        "scoringMethod": "TimestampAndPriority",
        "selfUri": f"/api/v2/routing/queues/{q.id}",
    }


def bu_uri(bu) -> str:
    return f"/api/v2/workforcemanagement/businessunits/{bu.id}"


def business_unit(org, bu, created: datetime, with_settings: bool, listing: bool = False) -> dict:
    """A BusinessUnitListItem (``listing``: + authorized) or a BusinessUnitResponse (+ settings if expanded)."""
    body = {"id": bu.id, "name": bu.spec.name, "division": division(org, named=False), "selfUri": bu_uri(bu)}
    if with_settings:
        body["settings"] = {
            "startDayOfWeek": bu.spec.start_day_of_week,
            "timeZone": bu.tz,
            "shortTermForecasting": {"defaultHistoryWeeks": 8},
            "scheduling": {"syncTimeOffProperties": ["PayableMinutes"]},
            "metadata": wfm_metadata(1, created),
        }
    if listing:
        body["authorized"] = True
    return body


def management_unit(org, bu, mu, created: datetime) -> dict:
    return {
        "id": mu.id,
        "name": mu.name,
        "businessUnit": ref(bu.id, bu_uri(bu)),
        "startDayOfWeek": bu.spec.start_day_of_week,
        "timeZone": bu.tz,
        "division": division(org, named=False),
        "settings": {"metadata": wfm_metadata(1, created)},
        "version": 1,
        "selfUri": f"/api/v2/workforcemanagement/managementunits/{mu.id}",
    }


def activity_code(bu, code, created: datetime) -> dict:
    s = code.spec
    return {
        "id": code.id,
        "name": s.name,
        "active": True,
        "defaultCode": code.default,
        "category": s.category,
        "lengthInMinutes": s.length_minutes,
        "countsAsPaidTime": s.paid,
        "countsAsWorkTime": s.work,
        "agentTimeOffSelectable": s.agent_selectable,
        "countsTowardShrinkage": s.category not in ("OnQueueWork",),
        "plannedShrinkage": s.planned_shrinkage,
        "interruptible": s.category == "OffQueueWork",
        "secondaryPresences": [],
        "planningGroups": [],
        "style": {"backgroundColor": code.style_color or CODE_COLORS[s.category], "textColorTheme": "Dark"},
        "metadata": wfm_metadata(code.version, code.date_modified or created, created),
        "selfUri": f"{bu_uri(bu)}/activitycodes/{code.id}",
        **code.extra,
    }


def planning_group(bu, pg, created: datetime) -> dict:
    return {
        "id": pg.id,
        "name": pg.spec.name,
        "serviceGoalTemplate": ref(pg.service_goal_template_id),
        "routePaths": [
            {"queue": ref(pg.queue_id, f"/api/v2/routing/queues/{pg.queue_id}"), "mediaType": pg.spec.media_type}
        ],
        "metadata": wfm_metadata(1, created),
        "selfUri": f"{bu_uri(bu)}/planninggroups/{pg.id}",
    }


def local_midnight(day: date, tz: str) -> datetime:
    return datetime.combine(day, time(0), ZoneInfo(tz)).astimezone(UTC)


def shift(item: Shift, schedule_id: str, week: date) -> dict:
    return {
        "id": item.id,
        "startDate": iso_utc(item.start),
        "lengthMinutes": item.minutes,
        "activities": [
            {
                "startDate": iso_utc(a.start),
                "lengthMinutes": a.minutes,
                "description": a.code.spec.name,
                "activityCodeId": a.code.id,
                "paid": a.code.spec.paid,
                "payableMinutes": a.minutes if a.code.spec.paid else 0,
                **(
                    {"timeOffRequestId": a.time_off_request_id, "timeOffRequestSyncVersion": 1}
                    if a.time_off_request_id
                    else {}
                ),
            }
            for a in item.activities
        ],
        "manuallyEdited": item.manually_edited,
        "schedule": {"id": schedule_id, "weekDate": week.isoformat()},
    }


def full_day_marker(item: FullDayMarker) -> dict:
    return {
        "businessUnitDate": item.bu_date.isoformat(),
        "startOffsetMinutes": 0,
        "endOffsetMinutes": 1440,
        "lengthMinutes": 480,
        "description": item.code.spec.name,
        "activityCodeId": item.code.id,
        "paid": item.code.spec.paid,
        "payableMinutes": item.minutes,
        "timeOffRequestId": item.request_id,
        "timeOffRequestSyncVersion": 1,
    }


def agent_schedule(account, items: list, schedule_id: str, week: date, published_at: datetime) -> dict:
    return {
        "user": ref(account.user_id, f"/api/v2/users/{account.user_id}"),
        "shifts": [shift(i, schedule_id, week) for i in items if isinstance(i, Shift)],
        "fullDayTimeOffMarkers": [full_day_marker(i) for i in items if isinstance(i, FullDayMarker)],
        "workPlan": ref(f"{account.mu.id[:-6]}0a0a0a"),
        "metadata": wfm_metadata(1, published_at),
    }


def time_off_request(req) -> dict:
    body = {
        "id": req.id,
        "user": ref(req.account.user_id, f"/api/v2/users/{req.account.user_id}"),
        "isFullDayRequest": req.full_day,
        "activityCodeId": req.code.id,
        "paid": req.code.spec.paid,
        "status": req.status,
        "dailyDurationMinutes": req.daily_minutes,
        "durationMinutes": [req.daily_minutes] * len(req.dates),
        "payableMinutes": [req.daily_minutes if req.code.spec.paid else 0] * len(req.dates),
        "notes": req.notes,
        "submittedBy": ref(req.account.user_id),
        "submittedDate": iso_utc(req.submitted),
        "syncVersion": 1 + (req.reviewed is not None) + (req.status == "CANCELED"),
        "metadata": wfm_metadata(1 + (req.modified != req.submitted), req.modified, req.submitted),
        "selfUri": f"/api/v2/workforcemanagement/managementunits/{req.account.mu.id}/users/"
        f"{req.account.user_id}/timeoffrequests/{req.id}",
    }
    if req.substatus:
        body["substatus"] = req.substatus
    if req.full_day:
        body["fullDayManagementUnitDates"] = [d.isoformat() for d in req.dates]
    else:
        body["partialDayStartDateTimes"] = [iso_utc(req.partial_start_local)]
    if req.reviewed is not None:
        body["reviewedBy"] = ref("System" if req.substatus == "AutoApproved" else req.account.mu.id)
        body["reviewedDate"] = iso_utc(req.reviewed)
    return body
