-- One row per work plan of every org (its latest version; deleted ones marked) with its weekly paid time as a
-- range: an exact weekly time is both bounds (Genesys has no "contract hours": weeklyExactPaidMinutes or
-- weeklyMinimumPaidMinutes / weeklyMaximumPaidMinutes; an unconstrained plan has no bounds).
select
    work_plan_key,
    org_key,
    management_unit_id,
    work_plan_id,
    work_plan_name,
    work_plan_name_key,
    is_enabled,
    constrain_weekly_paid_time,
    minimum_working_days_per_week,
    maximum_days,
    agent_count,
    valid_to_utc as deleted_at_utc,
    case
        when constrain_weekly_paid_time then coalesce(weekly_exact_paid_minutes, weekly_minimum_paid_minutes)
    end as weekly_minimum_paid_minutes,
    case
        when constrain_weekly_paid_time then coalesce(weekly_exact_paid_minutes, weekly_maximum_paid_minutes)
    end as weekly_maximum_paid_minutes,
    not is_current as is_deleted
from {{ ref('stg_genesys__work_plans') }}
where is_latest
