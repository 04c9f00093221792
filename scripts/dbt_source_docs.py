"""What each raw table and column means, for the generated dbt sources (``python -m scripts.dbt_sources``).

The load contract (``pipelines/genesys/settings.py`` ``TABLES``) says which columns a table has and their
types; this module says what they mean and which Genesys Cloud API field fills them (the row shapers in
``pipelines/genesys/helpers.py`` and ``pipelines/genesys/__init__.py``). A column is described once by
name in ``COLUMNS``, or in ``TABLE_COLUMNS`` (``"table.column"``) where the same name means something else
in that table. The generator refuses a contract column without a description, so the dbt docs cannot fall
behind the contract: add the description here when you add a column there.

"Optional in the API" marks the fields the API may leave out for a record; dbt tests on what they feed
are warnings, never build failures.
"""

from __future__ import annotations

TABLES = {
    "organizations": "One row per org (GET /api/v2/organizations/me).",
    "users": "Users in every state (GET /api/v2/users), scd2: every version is kept, and a user the API no "
    "longer returns keeps its rows with _dlt_valid_to set.",
    "queues": "Routing queues (GET /api/v2/routing/queues), scd2: a queue Genesys no longer lists is closed "
    "(_dlt_valid_to) at the load that missed it.",
    "business_units": "WFM business units with their time zone and first day of the schedule week, scd2 (a "
    "deleted unit is closed).",
    "management_units": "WFM management units of each business unit, scd2 per business unit (a deleted unit is "
    "closed; a business unit whose listing was not read keeps its rows).",
    "management_unit_users": "Current members of each management unit (replaced per unit).",
    "activity_codes": "Business-unit activity codes, scd2 per business unit (a deleted code is closed).",
    "planning_groups": "Planning groups per business unit, scd2 per business unit (a deleted group is closed).",
    "planning_group_queues": "The route paths (queue and media type) of each planning group.",
    "schedules": "Published business-unit schedules, one or several weeks each (metadata version, forecast used).",
    "schedule_activities": "One row per scheduled activity of the published view (the management-unit "
    "agent-schedule search), scd2 partitioned by business-unit week, the week of the shift's start: a "
    "republished week retires the rows that changed (history of intraday changes).",
    "full_day_time_off": "Full-day time-off markers of the published view, per business-unit week.",
    "forecasts": "Short-term forecasts, one or several weeks each.",
    "forecast_intervals": "Forecast offered contacts and AHT per planning group and 15-minute interval, every "
    "week of every forecast filed under its own business-unit week.",
    "adherence_day_metrics": "Historical adherence per agent and business-unit day (bulk job dayMetrics).",
    "adherence_exceptions": "Historical adherence exceptions (bulk job exceptionInfo).",
    "realtime_adherence": "Real-time adherence snapshots (appended, one set of rows per snapshot).",
    "time_off_requests": "Time-off requests per management unit; a request Genesys no longer returns inside "
    "the re-read window is removed (a tombstone row, dlt's hard delete) and logged in record_deletions.",
    "record_deletions": "Records Genesys no longer returned and the load removed (appended): which table, "
    "which record, when.",
    "interaction_volume": "Conversation aggregates per queue, media type, direction and 15-minute interval, with "
    "Genesys' service level (oServiceLevel numerator and denominator); a re-read interval is replaced whole.",
    "user_presence": "User aggregates: routing-status, system-presence and organization-presence milliseconds per "
    "user and 15-minute interval.",
    "service_goal_templates": "Service goal templates per business unit (GET .../servicegoaltemplates), scd2 per "
    "business unit (a deleted template is closed): the goals planning groups are staffed to.",
    "staffing_requirements": "Genesys' staffing requirement per forecast, planning group and interval (GET "
    ".../shorttermforecasts/{id}/staffingrequirement, its per-week downloads), replaced per business-unit week.",
    "adherence_events": "Real-time adherence state changes pushed on v2.workforcemanagement.managementunits.{id}"
    ".adherence (source notification) and the polling answers that repaired a gap (source snapshot), appended "
    "by the adherence stream (python -m pipelines.realtime).",
    "adherence_stream_gaps": "Times the adherence stream may have missed events (a dropped socket, a channel "
    "gone), one row per management unit, with the polling snapshot that repaired each.",
    "adherence_stream_status": "The adherence stream's state per org when it changed: streaming, or polling "
    "(notifications not permitted) with the reason.",
}

# dlt's scd2 bookkeeping, present where the table's write disposition is scd2.
SCD2_COLUMNS = {
    "_dlt_valid_from": "When the load that first saw this version ran (dlt scd2, UTC).",
    "_dlt_valid_to": "When a later load replaced this version or no longer found it (dlt scd2, UTC); null "
    "while current.",
}

COLUMNS = {
    # every table
    "org_id": "Genesys Cloud organization id.",
    "org_key": "The org's key in the orgs file (emea, apac, ...).",
    "region": "The org's region domain, e.g. mypurecloud.de.",
    # ids (org-specific: an id means nothing in another org)
    "user_id": "User id.",
    "queue_id": "Queue id.",
    "business_unit_id": "Business unit id.",
    "management_unit_id": "Management unit id.",
    "activity_code_id": "Activity code id (unique within its business unit).",
    "planning_group_id": "Planning group id.",
    "schedule_id": "Published schedule id.",
    "forecast_id": "Short-term forecast id.",
    "shift_id": "Shift id (kept when the shift moves).",
    "request_id": "Time-off request id.",
    "time_off_request_id": "The time-off request behind it (timeOffRequestId), if any.",
    "division_id": "division.id.",
    "service_goal_template_id": "serviceGoalTemplate.id.",
    "short_term_forecast_id": "shortTermForecast.id: the forecast the schedule was built from.",
    "scheduled_activity_code_id": "Scheduled activity code id.",
    "actual_activity_code_id": "Actual activity code id.",
    # names
    "name_key": "pipelines.names.name_key(name): the one cross-org comparison key of the name (Unicode-aware; "
    "letters of every script kept), computed at extraction.",
    # users
    "email": "email.",
    "employee_id": "employerInfo.employeeId (optional in the API).",
    "date_hire": "employerInfo.dateHire (optional in the API).",
    "title": "title.",
    "department": "department.",
    # queues
    "media_types": "Media the queue is set up for (its mediaSettings keys), comma-separated.",
    "date_created": "dateCreated (UTC).",
    # business and management units
    "start_day_of_week": "First day of the schedule week (startDayOfWeek).",
    "domain": "The org's domain.",
    # activity codes
    "category": "Activity category (OnQueueWork, Break, Meal, Meeting, OffQueueWork, TimeOff, Training, Unavailable).",
    "is_default": "defaultCode: the business unit's default code of its category.",
    "active": "active.",
    "counts_as_paid_time": "countsAsPaidTime.",
    "counts_as_work_time": "countsAsWorkTime.",
    "agent_time_off_selectable": "agentTimeOffSelectable: agents may request it as time off.",
    "counts_toward_shrinkage": "countsTowardShrinkage.",
    "planned_shrinkage": "plannedShrinkage: planned (rather than unplanned) shrinkage.",
    "interruptible": "interruptible.",
    "date_modified": "metadata.dateModified (UTC).",
    # schedules, activities, time off
    "week_date": "Business-unit week start date (local).",
    "published": "True: only published schedules are extracted.",
    "shift_start_date": "Shift start (shift startDate, UTC).",
    "shift_length_minutes": "Shift length in minutes (lengthMinutes).",
    "manually_edited": "The shift was edited after generation (manuallyEdited).",
    "description": "Activity description.",
    "paid": "paid.",
    "payable_minutes": "payableMinutes.",
    "business_unit_date": "Business-unit local date of the full-day time off (businessUnitDate).",
    "status": "PENDING, APPROVED, DENIED or CANCELED.",
    "substatus": "substatus.",
    "is_full_day": "isFullDayRequest.",
    "daily_duration_minutes": "dailyDurationMinutes.",
    "full_day_dates": "fullDayManagementUnitDates: JSON list of management-unit dates (full-day requests).",
    "partial_day_start_date_times": "partialDayStartDateTimes: JSON list of start instants (partial-day requests).",
    "submitted_date": "submittedDate (UTC).",
    "reviewed_date": "reviewedDate (UTC).",
    "sync_version": "syncVersion.",
    "notes": "notes.",
    # forecasts
    "creation_method": "creationMethod.",
    "reference_start_date": "referenceStartDate: start of the forecast's first interval (UTC).",
    "interval_index": "15-minute interval number within the forecast week.",
    "average_handle_time_seconds": "averageHandleTimeSecondsPerInterval: forecast AHT in seconds.",
    "interval_start": "Interval start (UTC).",
    "interval_minutes": "Interval length in minutes.",
    # historical adherence
    "business_date": "Business-unit local date.",
    "day_start": "Local midnight of the business date (UTC).",
    "adherence_schedule_seconds": "adherenceScheduleSeconds: scheduled seconds counted for adherence.",
    "conformance_schedule_seconds": "conformanceScheduleSeconds: scheduled on-queue seconds.",
    "conformance_actual_seconds": "conformanceActualSeconds: actual on-queue seconds.",
    "exception_count": "exceptionCount.",
    "exception_duration_seconds": "exceptionDurationSeconds: seconds out of adherence.",
    "impact_seconds": "impactSeconds: seconds with negative impact.",
    "schedule_length_seconds": "scheduleLengthSeconds.",
    "actual_length_seconds": "actualLengthSeconds: logged-in seconds.",
    "adherence_percentage": "adherencePercentage: Genesys' adherence % of the day.",
    "conformance_percentage": "conformancePercentage: Genesys' conformance % of the day.",
    "end_date": "Exception end (UTC).",
    "scheduled_activity_category": "Scheduled activity category.",
    "actual_activity_category": "Actual activity category.",
    "system_presence": "systemPresence.",
    "routing_status": "routingStatus.",
    "impact": "Positive, Negative, Neutral or Unknown.",
    # real-time adherence
    "snapshot_at": "When the snapshot was taken (UTC).",
    "adherence_state": "InAdherence, OutOfAdherence, Unscheduled, Unknown, Ignored or Explained.",
    "time_of_adherence_change": "timeOfAdherenceChange: when the adherence state last changed (UTC).",
    # deletions
    "deleted": "True only on a tombstone row, which dlt's hard delete turns into the removal of the record.",
    "table_name": "The table the record was removed from (time_off_requests).",
    "record_id": "The removed record's id (request_id).",
    "detected_at": "When the load that no longer found the record ran (UTC).",
    # conversation and user aggregates
    "media_type": "Media type.",
    "handled": "tHandle count: contacts handled.",
    "answered": "tAnswered count.",
    "abandoned": "tAbandon count.",
    "held": "tHeld count.",
    "handle_ms": "tHandle sum (ms).",
    "talk_ms": "tTalk sum (ms).",
    "held_ms": "tHeld sum (ms).",
    "acw_ms": "tAcw sum (ms).",
    "answer_ms": "tAnswered sum (ms): time to answer.",
    "abandon_ms": "tAbandon sum (ms).",
    "metric": "tAgentRoutingStatus, tSystemPresence or tOrganizationPresence.",
    "qualifier": "The routing status, system presence, or organization presence (definition id) the time was spent in.",
    "milliseconds": "Time in that state (ms).",
    "direction": "direction: inbound or outbound.",
    "short_abandoned": "tShortAbandon count: abandons within the org's short-abandon threshold (counted in "
    "tAbandon too).",
    "short_abandon_ms": "tShortAbandon sum (ms).",
    "flow_out": "tFlowOut count: contacts that left the queue by a flow-out.",
    "flow_out_ms": "tFlowOut sum (ms).",
    "over_sla": "nOverSla count: contacts answered after the queue's service-level threshold.",
    "outbound": "nOutbound count: outbound contacts.",
    "wait_ms": "tWait sum (ms): every offered contact's time in queue.",
    "sl_numerator": "oServiceLevel numerator: contacts answered within the threshold (tAnswered - nOverSla).",
    "sl_denominator": "oServiceLevel denominator: the contacts the org's service-level options count (answered + "
    "abandoned, short abandons and flow-outs per the options).",
    "sl_target": "oServiceLevel target: the queue's service-level percentage (0..1).",
    # queues: mediaSettings.<media>.serviceLevel
    **{
        f"{media}_service_level_{field}": f"mediaSettings.{media}.serviceLevel.{wire}{unit}"
        for media in ("call", "callback", "chat", "email", "message")
        for field, wire, unit in (
            ("percentage", "percentage", ": the share to answer within the threshold (0..1)"),
            ("duration_ms", "durationMs", ": the answer-time threshold (ms)"),
        )
    },
    # historical adherence: when
    "extracted_at": "When the bulk job was asked for (UTC): a business date that had not ended by then holds "
    "Genesys' figures for its elapsed part only.",
    # service goal templates
    "service_level_include": "serviceLevel.include.",
    "service_level_percent": "serviceLevel.percent: share of contacts to answer within the threshold (0..100).",
    "service_level_seconds": "serviceLevel.seconds: the answer-time threshold.",
    "average_speed_of_answer_include": "averageSpeedOfAnswer.include.",
    "average_speed_of_answer_seconds": "averageSpeedOfAnswer.seconds.",
    "abandon_rate_include": "abandonRate.include.",
    "abandon_rate_percent": "abandonRate.percent (0..100).",
    # staffing requirements
    "week_number": "weekNumber of the forecast week (1-based, not confirmed).",
    "staffing_requirement": "staffingRequirementsPerInterval: agents required in the interval (Genesys' own figure).",
    "minimum_staff": "minimumStaffPerInterval (only with expand; else null).",
    "effective_staff": "effectiveStaffPerInterval (only with expand; else null).",
}

# Names that mean something else in one table.
TABLE_COLUMNS = {
    "organizations.name": "Organization name.",
    "organizations.state": "Organization state.",
    "users.name": "The user's name.",
    "users.state": "User state: active, inactive or deleted.",
    "queues.name": "Queue name.",
    "queues.date_modified": "dateModified (UTC).",
    "business_units.name": "Business unit name.",
    "business_units.time_zone": "settings.timeZone: IANA time zone of the business unit.",
    "management_units.name": "Management unit name.",
    "management_units.time_zone": "timeZone of the management unit (IANA).",
    "activity_codes.name": "Activity code name.",
    "activity_codes.length_minutes": "lengthInMinutes: default length.",
    "activity_codes.metadata_version": "metadata.version.",
    "planning_groups.name": "Planning group name.",
    "schedules.metadata_version": "metadata.version: grows with each republication.",
    "schedules.week_date": "weekDate: the schedule's first business-unit week.",
    "schedules.week_count": "weekCount: the weeks the schedule spans.",
    "schedule_activities.week_date": "The business-unit week of the shift's start (local, by the unit's start "
    "day), whichever schedule carried it.",
    "full_day_time_off.week_date": "The business-unit week of the marker's date.",
    "forecasts.week_date": "weekDate: the forecast's first business-unit week.",
    "forecasts.week_count": "weekCount: the weeks the forecast spans.",
    "forecast_intervals.week_date": "The business-unit week the values are for (week week_number of the forecast).",
    "forecast_intervals.week_number": "weekNumber: 1-based week of the forecast (the /data call's).",
    "forecast_intervals.is_in_week": "The interval starts inside its week's local days; false for an 8th "
    "day's (768 values instead of 672), which the next week's forecast covers.",
    "schedule_activities.start_date": "Activity start (UTC).",
    "schedule_activities.length_minutes": "Activity length in minutes.",
    "full_day_time_off.length_minutes": "Length in minutes.",
    "forecasts.date_modified": "metadata.dateModified (UTC).",
    "forecast_intervals.offered": "offeredPerInterval: forecast offered contacts.",
    "adherence_day_metrics.time_zone": "The business unit's IANA time zone the days are cut in.",
    "adherence_exceptions.start_date": "Exception start (UTC).",
    "time_off_requests.payable_minutes": "payableMinutes: JSON list, per day.",
    "interaction_volume.offered": "nOffered count: contacts offered.",
    # the real-time adherence stream (pipelines/realtime)
    "adherence_events.adherence_change_time": "adherenceChangeTime (topic) or timeOfAdherenceChange (polling): "
    "when the current adherence state began (UTC).",
    "adherence_events.presence_update_time": "presenceUpdateTime: when the current system presence began (UTC).",
    "adherence_events.is_out_of_office": "isOutOfOffice.",
    "adherence_events.source": "notification (pushed) or snapshot (a polling answer that repaired a gap).",
    "adherence_events.received_at": "When the stream received the event or the polling answer (UTC).",
    "adherence_events.sequence": "Order of receipt within one run of the stream, for rows received in the same "
    "microsecond.",
    "adherence_events.written_at": "When the stream began writing the row's batch to the warehouse (UTC): its "
    "arrival, less the load's commit (about a second, docs/benchmarks.md).",
    "adherence_stream_gaps.gap_id": "One id per gap (its rows share it, one per management unit).",
    "adherence_stream_gaps.gap_start": "The last message heard before the socket or channel was lost (UTC): "
    "events after it may be missing.",
    "adherence_stream_gaps.gap_end": "When the topics were subscribed on a connected socket again (UTC).",
    "adherence_stream_gaps.reason": "Why: the socket dropped, the channel was gone, the stream (re)started.",
    "adherence_stream_gaps.repaired_at": "When the polling answer that repaired the gap was received (UTC); "
    "null if it could not be read.",
    "adherence_stream_gaps.repair_rows": "Agents in that polling answer (rows added to adherence_events).",
    "adherence_stream_gaps.repair_error": "Why the polling answer could not be read, if so.",
    "adherence_stream_status.changed_at": "When the state began (UTC).",
    "adherence_stream_status.state": "streaming, polling (the 5-minute snapshot covers the org), or stopped.",
    "adherence_stream_status.reason": "Why, e.g. the rejected topic and its missing permissions.",
    "adherence_stream_status.channels": "Notification channels open for the org.",
    "adherence_stream_status.topics": "Management-unit topics subscribed.",
    "adherence_stream_status.polled_units": "Management units beyond the channel budget (20 channels x 1,000 "
    "topics per OAuth client, less a reserve), left to the polling snapshot.",
    "service_goal_templates.name": "Service goal template name.",
    "service_goal_templates.metadata_version": "metadata.version.",
    "service_goal_templates.date_modified": "metadata.dateModified (UTC).",
    "staffing_requirements.interval_index": "Interval number within the forecast week (intervalLengthMinutes grid).",
}
