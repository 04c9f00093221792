"""What the planners' raw tables (issue 16) and their columns mean: merged into ``dbt_source_docs``.

Kept apart only for size. Per table, the columns whose meaning is not the generic one of
``dbt_source_docs.COLUMNS`` (ids, ``org_*``, ``notes``, ``deleted``... keep theirs); each text names the
Genesys Cloud API field that fills it (SDK v269 wire names).
"""

from __future__ import annotations

TABLES = {
    "adherence_explanations": "Adherence explanations per business unit (POST .../adherence/explanations/query): "
    "who explained which late start, its status and review. Merged on the id; one Genesys no longer returns "
    "inside a range a run read is removed (a tombstone, dlt's hard delete).",
    "shift_trades": "Shift trades per business unit and week (POST .../shifttrading/trades/evaluate/jobs, the "
    "replacement of the deprecated MU week listing): the offered shift, who took it, state and review. Merged on "
    "the id; one Genesys no longer returns inside the weeks a run read is removed (a tombstone).",
    "time_off_plans": "Time-off plans per business unit (GET .../businessunits/{id}/timeoffplans), scd2 per business "
    "unit (a deleted plan is closed). Plans carry no users: see time_off_plan_units.",
    "time_off_plan_units": "The management units and staffing groups each time-off plan applies to "
    "(businessUnitAssociation, managementUnitAssociation), scd2 per business unit.",
    "time_off_plan_dates": "Each time-off plan's override dates (overrideDates: public holidays Blocked or "
    "ManualReview), scd2 per business unit.",
    "staffing_groups": "Staffing groups per business unit (GET .../staffinggroups), scd2 per business unit.",
    "staffing_group_users": "The users of each staffing group, scd2 per business unit.",
    "time_off_limits": "Time-off limits per business unit (GET .../timeofflimits), scd2 per business unit.",
    "time_off_limit_values": "Each Daily time-off limit's values per day over the time-off window "
    "(POST .../timeofflimits/{id}/values/query valuesPerDay), merged on limit and date.",
    "work_plans": "Work plans per management unit (GET .../managementunits/{id}/workplans), scd2 per unit: weekly "
    "paid time (Genesys has no 'contract hours') and constraints.",
    "work_plan_shifts": "The shifts (start window, paid time) of each work plan, scd2 per management unit.",
    "work_plan_agents": "The agents assigned to each work plan directly (expand=agents), scd2 per management unit.",
    "agent_week_work_plans": "The work plan each member of a management unit works under each week of the schedule "
    "window, rotations included (POST .../agents/workplans/query), replaced per unit and week.",
    "work_plan_rotations": "Work-plan rotations per management unit (GET .../workplanrotations), scd2 per unit.",
    "work_plan_rotation_agents": "The agents of each rotation and their position in its pattern, scd2 per unit.",
    "presence_definitions": "The org's presence definitions, system and secondary, active and deactivated "
    "(GET /api/v2/presence/definitions twice), scd2 per org.",
    "queue_members": "The members of every queue (GET /api/v2/routing/queues/{id}/members): who can take it; scd2 "
    "per queue (membership history).",
    "routing_skills": "Routing skills (GET /api/v2/routing/skills), scd2 per org.",
    "user_routing_skills": "The skills each user holds with their proficiency (GET /api/v2/users?expand=skills, "
    "or /users/{id}/routingskills where the expand was not resolved), scd2 per org.",
    "teams": "Work teams (GET /api/v2/teams): the teams WFM filters on; scd2 per org.",
    "team_members": "The members of each work team (GET /api/v2/teams/{id}/members), scd2 per org.",
    "intraday_days": "One row per business unit, planning group and day the intraday query answered (POST "
    ".../businessunits/{id}/intraday), with why Genesys has no data for it; replaced per unit and day.",
    "intraday_intervals": "Genesys' intraday data per planning group, media type and interval: its forecast, "
    "scheduled on-queue time and predicted performance (no actuals in this API); replaced per unit and day.",
}

COLUMNS = {
    "adherence_explanations": {
        "explanation_id": "Adherence explanation id.",
        "user_id": "agent.id: the agent who explained.",
        "management_unit_id": "managementUnit.id: the agent's management unit when the explanation was submitted.",
        "type": "type: Late (the only value SDK v269 knows).",
        "status": "status: Pending, Approved or Denied.",
        "start_date": "startDate: start of the explained time (UTC).",
        "business_unit_date": "The business unit's local date of startDate.",
        "length_minutes": "lengthMinutes: length of the explained time.",
        "reviewed_by": "reviewedBy.id: the reviewer's user id, or System.",
        "reviewed_date": "reviewedDate: when it was approved or denied (UTC).",
    },
    "shift_trades": {
        "trade_id": "Shift trade id.",
        "management_unit_id": "initiating.managementUnit.id.",
        "week_date": "initiating.shift.weekDate: the business-unit week of the offered shift.",
        "state": "state: Unmatched, Matched, Approved, Denied, Expired or Canceled.",
        "initiating_user_id": "initiating.user.id: the agent who offered the shift.",
        "initiating_shift_id": "initiating.shift.id.",
        "initiating_shift_start": "initiating.shift.startDate (UTC).",
        "initiating_shift_end": "initiating.shift.endDate (UTC).",
        "receiving_user_id": "receiving.user.id: the agent who took it (null while unmatched).",
        "receiving_shift_id": "receiving.shift.id: the shift given in return (null on a one-sided trade).",
        "receiving_shift_start": "receiving.shift.startDate (UTC).",
        "receiving_shift_end": "receiving.shift.endDate (UTC).",
        "one_sided": "oneSided: a shift given away, nothing taken in return.",
        "target_user_id": "target.user.id: the colleague a directed trade was offered to.",
        "expiration_date": "expirationDate: when an unmatched trade expires (UTC).",
        "reviewed_by": "reviewedBy.id: the reviewer's user id, or System.",
        "reviewed_date": "reviewedDate: when it was approved or denied (UTC).",
        "date_created": "metadata.dateCreated: when it was offered (UTC).",
        "date_modified": "metadata.dateModified (UTC).",
        "metadata_version": "metadata.version: grows with each change of state.",
    },
    "time_off_plans": {
        "time_off_plan_id": "Time-off plan id.",
        "name": "Plan name.",
        "management_unit_id": "managementUnitAssociation.managementUnit.id: set on a management-unit plan.",
        "activity_code_ids": "activityCodeIds: the codes the plan covers, comma-separated.",
        "auto_approval_rule": "autoApprovalRule: Never, Always, CheckLimits, CheckActivityCodes or "
        "CheckLimitsAndActivityCodes.",
        "enabled": "enabled.",
        "count_against_time_off_limits": "countAgainstTimeOffLimits.",
        "days_before_start_to_expire_from_waitlist": "daysBeforeStartToExpireFromWaitlist.",
        "time_off_limit_ids": "timeOffLimits[].id, comma-separated.",
        "metadata_version": "metadata.version.",
    },
    "time_off_plan_units": {
        "time_off_plan_id": "Time-off plan id.",
        "management_unit_id": "A management unit the plan applies to (null on a staffing-group association).",
        "staffing_group_id": "A staffing group the plan applies to (null on a whole-unit association).",
    },
    "time_off_plan_dates": {
        "time_off_plan_id": "Time-off plan id.",
        "override_date": "overrideDates[].date: a business-unit local date.",
        "override_type": "overrideDates[].type: Blocked or ManualReview.",
    },
    "staffing_groups": {
        "staffing_group_id": "Staffing group id.",
        "name": "Staffing group name.",
        "management_unit_id": "managementUnit.id: set on a management-unit staffing group.",
        "metadata_version": "metadata.version.",
    },
    "staffing_group_users": {"staffing_group_id": "Staffing group id.", "user_id": "users[].id."},
    "time_off_limits": {
        "time_off_limit_id": "Time-off limit id.",
        "management_unit_id": "managementUnit.id.",
        "staffing_group_id": "staffingGroup.id.",
        "granularity": "granularity: Daily or FifteenMinutes (only Daily limits' values are loaded).",
        "full_day_time_off_start_time": "fullDayTimeOffStartTime (HH:mm).",
        "metadata_version": "metadata.version.",
    },
    "time_off_limit_values": {
        "time_off_limit_id": "Time-off limit id.",
        "value_date": "The business-unit local date of the value.",
        "limit_minutes": "limitMinutes: time off the limit allows that day.",
        "allocated_minutes": "allocatedMinutes: time off granted or requested against it.",
        "waitlisted_minutes": "waitlistedMinutes.",
        "waitlisted_requests": "waitlistedRequests.",
    },
    "work_plans": {
        "work_plan_id": "Work plan id.",
        "name": "Work plan name.",
        "enabled": "enabled.",
        "valid": "valid.",
        "constrain_weekly_paid_time": "constrainWeeklyPaidTime.",
        "flexible_weekly_paid_time": "flexibleWeeklyPaidTime: a weekly minimum and maximum rather than an exact time.",
        "weekly_exact_paid_minutes": "weeklyExactPaidMinutes.",
        "weekly_minimum_paid_minutes": "weeklyMinimumPaidMinutes.",
        "weekly_maximum_paid_minutes": "weeklyMaximumPaidMinutes.",
        "minimum_working_days_per_week": "minimumWorkingDaysPerWeek.",
        "maximum_days": "maximumDays: working days a week at most.",
        "minimum_time_between_shifts_minutes": "minimumTimeBetweenShiftsMinutes.",
        "agent_count": "agentCount: agents assigned directly.",
        "metadata_version": "metadata.version.",
    },
    "work_plan_shifts": {
        "work_plan_id": "Work plan id.",
        "work_plan_shift_id": "shifts[].id.",
        "name": "shifts[].name.",
        "days": "shifts[].days.values: the weekdays it may be worked, comma-separated.",
        "flexible_start_time": "flexibleStartTime.",
        "exact_start_minutes": "exactStartTimeMinutesFromMidnight.",
        "earliest_start_minutes": "earliestStartTimeMinutesFromMidnight.",
        "latest_start_minutes": "latestStartTimeMinutesFromMidnight.",
        "flexible_paid_time": "flexiblePaidTime.",
        "exact_paid_minutes": "exactPaidTimeMinutes.",
        "minimum_paid_minutes": "minimumPaidTimeMinutes.",
        "maximum_paid_minutes": "maximumPaidTimeMinutes.",
    },
    "work_plan_agents": {"work_plan_id": "Work plan id.", "user_id": "agents[].id."},
    "agent_week_work_plans": {
        "user_id": "user.id: a member of the management unit.",
        "week_date": "referenceStartWeekDate + the week's index: the business-unit week.",
        "work_plan_id": "workPlanLookup[key].id of the week's workPlanLookupKeysPerWeek key (null: none).",
        "work_plan_management_unit_id": "workPlanLookup[key].managementUnit.id.",
    },
    "work_plan_rotations": {
        "rotation_id": "Work-plan rotation id.",
        "name": "Rotation name.",
        "enabled": "enabled.",
        "start_date": "dateRange.startBusinessUnitDate.",
        "end_date": "dateRange.endBusinessUnitDate (null: open-ended).",
        "pattern_work_plan_ids": "pattern.workPlans[].id in pattern order, comma-separated.",
        "agent_count": "agentCount.",
    },
    "work_plan_rotation_agents": {
        "rotation_id": "Work-plan rotation id.",
        "user_id": "agents[].user.id.",
        "position": "agents[].position: where in the pattern the agent starts.",
        "start_date": "agents[].dateRange.startBusinessUnitDate.",
        "end_date": "agents[].dateRange.endBusinessUnitDate.",
    },
    "presence_definitions": {
        "presence_definition_id": "Presence definition id (the tOrganizationPresence qualifier).",
        "name": "Presence name.",
        "type": "type: System or User (a secondary presence).",
        "system_presence": "systemPresence: the system presence it belongs to (Available, Away, Busy, Offline, Idle, "
        "OnQueue, Meal, Training, Meeting, Break).",
        "division_id": "divisionId.",
        "deactivated": "deactivated.",
        "language_labels": "languageLabels: JSON object of locale -> label.",
    },
    "queue_members": {
        "user_id": "user.id of the member.",
        "member_name": "name.",
        "joined": "joined: the member takes interactions from the queue (not joined: listed but off it).",
        "member_by": "memberBy: user or group.",
        "ring_number": "ringNumber.",
    },
    "routing_skills": {
        "skill_id": "Routing skill id.",
        "name": "Skill name.",
        "state": "state: active, inactive or deleted.",
        "date_modified": "dateModified (UTC).",
    },
    "user_routing_skills": {
        "skill_id": "skills[].id.",
        "skill_name": "skills[].name.",
        "proficiency": "skills[].proficiency (0 to 5).",
        "state": "skills[].state.",
    },
    "teams": {
        "team_id": "Work team id.",
        "name": "Team name.",
        "description": "description.",
        "member_count": "memberCount.",
        "date_modified": "dateModified (UTC).",
    },
    "team_members": {"team_id": "Work team id.", "user_id": "entities[].id: a member."},
    "intraday_days": {
        "business_unit_date": "businessUnitDate asked for.",
        "start_date": "startDate: the day's first interval (UTC).",
        "end_date": "endDate: the day's end (UTC): 23 or 25 hours after startDate across a DST change.",
        "interval_minutes": "intervalLengthMinutes.",
        "no_data_reason": "noDataReason: NoPublishedSchedule or NoSourceForecast; null when there is data.",
        "short_term_forecast_id": "shortTermForecast.id used.",
        "schedule_id": "schedule.id used.",
    },
    "intraday_intervals": {
        "business_unit_date": "businessUnitDate asked for.",
        "media_type": "intradayDataGroupings[].mediaType (Voice, Chat, Email, Callback, Message, Workitem).",
        "interval_index": "Index of the interval in the day.",
        "interval_start": "startDate + index x intervalLengthMinutes (UTC).",
        "interval_minutes": "intervalLengthMinutes.",
        "forecast_offered": "forecastDataPerInterval[].offered.",
        "forecast_average_handle_time_seconds": "forecastDataPerInterval[].averageHandleTimeSeconds.",
        "scheduled_on_queue_seconds": "scheduleDataPerInterval[].onQueueTimeSeconds.",
        "predicted_service_level_percent": "performancePredictionDataPerInterval[].serviceLevelPercent (0-100).",
        "predicted_average_speed_of_answer_seconds": "performancePredictionDataPerInterval[]"
        ".averageSpeedOfAnswerSeconds.",
        "predicted_occupancy_percent": "performancePredictionDataPerInterval[].occupancyPercent (0-100).",
    },
}

TABLE_COLUMNS = {f"{table}.{column}": text for table, columns in COLUMNS.items() for column, text in columns.items()}
