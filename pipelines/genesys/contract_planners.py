"""The load contract of the planners' entities (issue 16), merged into ``settings`` (one contract).

Kept apart only for size: ``settings.TABLES``, ``RESOURCES``, ``WINDOW_FAMILY`` and ``COMPLETE_LISTINGS``
take these entries as their own (``settings`` qualifies every table with the org columns). The same
integrity rules hold:

* complete listings (plans, groups, definitions, teams...) are ``scd2``: a record Genesys no longer lists
  is closed at the load that missed it; a ``merge_key`` limits the closing to the units the load read;
* records read by date (explanations, trades) are merged on their id; one that falls inside a range this
  run read but is no longer returned is removed by a tombstone (``deleted``: dlt's hard delete), see
  ``resources/tracked.py``;
* values read per window (limit values, weekly work plans, intraday) are replaced per unit and date.

``columns`` here are types only; ``settings`` adds the org columns and marks every column nullable.
"""

from __future__ import annotations

MERGE = "merge"
SCD2 = {"disposition": "merge", "strategy": "scd2"}

TABLES = {
    # POST /businessunits/{id}/adherence/explanations/query: no modification stamp, status changes later
    "adherence_explanations": dict(
        primary_key=["org_id", "explanation_id"],
        write_disposition=MERGE,
        columns=dict(
            deleted="bool",
            explanation_id="text",
            business_unit_id="text",
            management_unit_id="text",
            user_id="text",
            type="text",
            status="text",
            start_date="timestamp",
            business_unit_date="date",
            length_minutes="bigint",
            notes="text",
            reviewed_by="text",
            reviewed_date="timestamp",
        ),
    ),
    # POST /businessunits/{id}/shifttrading/trades/evaluate/jobs, one business-unit week per job
    "shift_trades": dict(
        primary_key=["org_id", "trade_id"],
        write_disposition=MERGE,
        columns=dict(
            deleted="bool",
            trade_id="text",
            business_unit_id="text",
            management_unit_id="text",
            week_date="date",
            state="text",
            initiating_user_id="text",
            initiating_shift_id="text",
            initiating_shift_start="timestamp",
            initiating_shift_end="timestamp",
            receiving_user_id="text",
            receiving_shift_id="text",
            receiving_shift_start="timestamp",
            receiving_shift_end="timestamp",
            one_sided="bool",
            target_user_id="text",
            expiration_date="timestamp",
            reviewed_by="text",
            reviewed_date="timestamp",
            date_created="timestamp",
            date_modified="timestamp",
            metadata_version="bigint",
        ),
    ),
    # GET /businessunits/{id}/timeoffplans: complete per business unit
    "time_off_plans": dict(
        merge_key=["org_id", "business_unit_id"],
        write_disposition=SCD2,
        columns=dict(
            business_unit_id="text",
            time_off_plan_id="text",
            name="text",
            name_key="text",
            management_unit_id="text",
            activity_code_ids="text",
            auto_approval_rule="text",
            enabled="bool",
            count_against_time_off_limits="bool",
            days_before_start_to_expire_from_waitlist="bigint",
            time_off_limit_ids="text",
            metadata_version="bigint",
            date_modified="timestamp",
        ),
    ),
    "time_off_plan_units": dict(
        merge_key=["org_id", "business_unit_id"],
        write_disposition=SCD2,
        columns=dict(
            business_unit_id="text", time_off_plan_id="text", management_unit_id="text", staffing_group_id="text"
        ),
    ),
    "time_off_plan_dates": dict(
        merge_key=["org_id", "business_unit_id"],
        write_disposition=SCD2,
        columns=dict(business_unit_id="text", time_off_plan_id="text", override_date="date", override_type="text"),
    ),
    # GET /businessunits/{id}/staffinggroups: complete per business unit
    "staffing_groups": dict(
        merge_key=["org_id", "business_unit_id"],
        write_disposition=SCD2,
        columns=dict(
            business_unit_id="text",
            staffing_group_id="text",
            name="text",
            name_key="text",
            management_unit_id="text",
            metadata_version="bigint",
        ),
    ),
    "staffing_group_users": dict(
        merge_key=["org_id", "business_unit_id"],
        write_disposition=SCD2,
        columns=dict(business_unit_id="text", staffing_group_id="text", user_id="text"),
    ),
    # GET /businessunits/{id}/timeofflimits (complete per business unit) and each limit's values per day
    "time_off_limits": dict(
        merge_key=["org_id", "business_unit_id"],
        write_disposition=SCD2,
        columns=dict(
            business_unit_id="text",
            time_off_limit_id="text",
            management_unit_id="text",
            staffing_group_id="text",
            granularity="text",
            full_day_time_off_start_time="text",
            metadata_version="bigint",
        ),
    ),
    "time_off_limit_values": dict(
        primary_key=["org_id", "time_off_limit_id", "value_date"],
        write_disposition=MERGE,
        columns=dict(
            business_unit_id="text",
            time_off_limit_id="text",
            value_date="date",
            limit_minutes="bigint",
            allocated_minutes="bigint",
            waitlisted_minutes="bigint",
            waitlisted_requests="bigint",
        ),
    ),
    # GET /managementunits/{id}/workplans?expand=agents,agentCount,shifts: complete per management unit
    "work_plans": dict(
        merge_key=["org_id", "management_unit_id"],
        write_disposition=SCD2,
        columns=dict(
            management_unit_id="text",
            work_plan_id="text",
            name="text",
            name_key="text",
            enabled="bool",
            valid="bool",
            constrain_weekly_paid_time="bool",
            flexible_weekly_paid_time="bool",
            weekly_exact_paid_minutes="bigint",
            weekly_minimum_paid_minutes="bigint",
            weekly_maximum_paid_minutes="bigint",
            minimum_working_days_per_week="bigint",
            maximum_days="bigint",
            minimum_time_between_shifts_minutes="bigint",
            agent_count="bigint",
            metadata_version="bigint",
        ),
    ),
    "work_plan_shifts": dict(
        merge_key=["org_id", "management_unit_id"],
        write_disposition=SCD2,
        columns=dict(
            management_unit_id="text",
            work_plan_id="text",
            work_plan_shift_id="text",
            name="text",
            days="text",
            flexible_start_time="bool",
            exact_start_minutes="bigint",
            earliest_start_minutes="bigint",
            latest_start_minutes="bigint",
            flexible_paid_time="bool",
            exact_paid_minutes="bigint",
            minimum_paid_minutes="bigint",
            maximum_paid_minutes="bigint",
        ),
    ),
    "work_plan_agents": dict(
        merge_key=["org_id", "management_unit_id"],
        write_disposition=SCD2,
        columns=dict(management_unit_id="text", work_plan_id="text", user_id="text"),
    ),
    # POST /managementunits/{id}/agents/workplans/query: replaced per unit and week
    "agent_week_work_plans": dict(
        primary_key=["org_id", "management_unit_id", "user_id", "week_date"],
        merge_key=["org_id", "management_unit_id", "week_date"],
        write_disposition=MERGE,
        columns=dict(
            management_unit_id="text",
            user_id="text",
            week_date="date",
            work_plan_id="text",
            work_plan_management_unit_id="text",
        ),
    ),
    # GET /managementunits/{id}/workplanrotations?expand=agents: complete per management unit
    "work_plan_rotations": dict(
        merge_key=["org_id", "management_unit_id"],
        write_disposition=SCD2,
        columns=dict(
            management_unit_id="text",
            rotation_id="text",
            name="text",
            name_key="text",
            enabled="bool",
            start_date="date",
            end_date="date",
            pattern_work_plan_ids="text",
            agent_count="bigint",
        ),
    ),
    "work_plan_rotation_agents": dict(
        merge_key=["org_id", "management_unit_id"],
        write_disposition=SCD2,
        columns=dict(
            management_unit_id="text",
            rotation_id="text",
            user_id="text",
            position="bigint",
            start_date="date",
            end_date="date",
        ),
    ),
    # GET /api/v2/presence/definitions, active and deactivated: complete per org
    "presence_definitions": dict(
        write_disposition=SCD2,
        columns=dict(
            presence_definition_id="text",
            name="text",
            name_key="text",
            type="text",
            system_presence="text",
            division_id="text",
            deactivated="bool",
            language_labels="json",
        ),
    ),
    # GET /api/v2/routing/queues/{id}/members for every queue: complete per queue (membership history)
    "queue_members": dict(
        merge_key=["org_id", "queue_id"],
        write_disposition=SCD2,
        columns=dict(
            queue_id="text", user_id="text", member_name="text", joined="bool", member_by="text", ring_number="bigint"
        ),
    ),
    # GET /api/v2/routing/skills, and GET /api/v2/users?expand=skills: complete per org
    "routing_skills": dict(
        write_disposition=SCD2,
        columns=dict(skill_id="text", name="text", name_key="text", state="text", date_modified="timestamp"),
    ),
    "user_routing_skills": dict(
        write_disposition=SCD2,
        columns=dict(user_id="text", skill_id="text", skill_name="text", proficiency="double", state="text"),
    ),
    # GET /api/v2/teams and /api/v2/teams/{id}/members: complete per org
    "teams": dict(
        write_disposition=SCD2,
        columns=dict(
            team_id="text",
            name="text",
            name_key="text",
            description="text",
            division_id="text",
            member_count="bigint",
            date_modified="timestamp",
        ),
    ),
    "team_members": dict(write_disposition=SCD2, columns=dict(team_id="text", user_id="text")),
    # POST /businessunits/{id}/intraday per planning group and day: replaced per business unit and day
    "intraday_days": dict(
        primary_key=["org_id", "business_unit_id", "planning_group_id", "business_unit_date"],
        merge_key=["org_id", "business_unit_id", "business_unit_date"],
        write_disposition=MERGE,
        columns=dict(
            business_unit_id="text",
            planning_group_id="text",
            business_unit_date="date",
            start_date="timestamp",
            end_date="timestamp",
            interval_minutes="bigint",
            no_data_reason="text",
            short_term_forecast_id="text",
            schedule_id="text",
        ),
    ),
    "intraday_intervals": dict(
        primary_key=["org_id", "planning_group_id", "media_type", "interval_start"],
        merge_key=["org_id", "business_unit_id", "business_unit_date"],
        write_disposition=MERGE,
        columns=dict(
            business_unit_id="text",
            planning_group_id="text",
            business_unit_date="date",
            media_type="text",
            interval_index="bigint",
            interval_start="timestamp",
            interval_minutes="bigint",
            forecast_offered="double",
            forecast_average_handle_time_seconds="double",
            scheduled_on_queue_seconds="bigint",
            predicted_service_level_percent="double",
            predicted_average_speed_of_answer_seconds="double",
            predicted_occupancy_percent="double",
        ),
    ),
}

# dlt resource -> the tables it writes (the first carries its name)
RESOURCES = {
    "adherence_explanations": ["adherence_explanations"],
    "shift_trades": ["shift_trades"],
    "time_off_plans": ["time_off_plans", "time_off_plan_units", "time_off_plan_dates"],
    "staffing_groups": ["staffing_groups", "staffing_group_users"],
    "time_off_limits": ["time_off_limits", "time_off_limit_values"],
    "work_plans": ["work_plans", "work_plan_shifts", "work_plan_agents", "agent_week_work_plans"],
    "work_plan_rotations": ["work_plan_rotations", "work_plan_rotation_agents"],
    "presence_definitions": ["presence_definitions"],
    "queue_members": ["queue_members"],
    "routing_skills": ["routing_skills", "user_routing_skills"],
    "teams": ["teams", "team_members"],
    "intraday": ["intraday_days", "intraday_intervals"],
}

# tables whose ``deleted`` tombstones remove a row (dlt's hard_delete)
HARD_DELETE = ("adherence_explanations", "shift_trades")

# the date window each time-windowed resource reads (a ``Windows`` field)
WINDOW_FAMILY = {
    "adherence_explanations": "schedules",
    "shift_trades": "schedules",
    "time_off_limits": "time_off",
    "work_plans": "schedules",
    "intraday": "volume",
}

# resources whose tables are complete listings (held until the listing finished)
COMPLETE_LISTINGS = frozenset(
    {
        "time_off_plans",
        "staffing_groups",
        "work_plan_rotations",
        "presence_definitions",
        "queue_members",
        "routing_skills",
        "teams",
    }
)
