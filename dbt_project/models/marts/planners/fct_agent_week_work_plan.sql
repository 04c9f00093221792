-- One row per account and business-unit week the per-week work-plan query answered: the plan the agent works
-- under that week (rotations included), its weekly paid-time bounds, and the paid minutes scheduled that week
-- (paid activities plus paid full-day time off) where the week has a published schedule.
-- contract_status: under / within / over the plan's bounds (null without a schedule or a bound).
with weeks as (
    select * from {{ ref('stg_genesys__agent_week_work_plans') }}
),

plans as (
    select * from {{ ref('dim_work_plan') }}
),

units as (
    select
        org_key,
        management_unit_id,
        business_unit_id
    from {{ ref('dim_management_unit') }}
),

week_offsets as (
    {{ integers(2) }}
),

published as (
    -- every business-unit week some published schedule spans (a schedule covers week_count weeks)
    select distinct
        schedules.org_key,
        schedules.business_unit_id,
        cast({{ dbt.dateadd('day', '7 * week_offsets.n', 'schedules.week_date') }} as date) as week_date
    from {{ ref('dim_schedule') }} as schedules
    cross join week_offsets
    where week_offsets.n < coalesce(schedules.week_count, 1)
),

activities as (
    select
        org_key,
        user_id,
        week_date,
        sum(case when is_paid then minutes else 0 end) as paid_minutes
    from {{ ref('fct_schedule_activity') }}
    group by org_key, user_id, week_date
),

time_off as (
    select
        org_key,
        user_id,
        week_date,
        sum(coalesce(payable_minutes, 0)) as paid_minutes
    from {{ ref('fct_full_day_time_off') }}
    group by org_key, user_id, week_date
),

scheduled as (
    select
        weeks.agent_week_work_plan_key,
        published.week_date is not null as has_schedule,
        case
            when published.week_date is not null
                then coalesce(activities.paid_minutes, 0) + coalesce(time_off.paid_minutes, 0)
        end as scheduled_paid_minutes
    from weeks
    left join units on weeks.org_key = units.org_key and weeks.management_unit_id = units.management_unit_id
    left join published
        on
            weeks.org_key = published.org_key
            and units.business_unit_id = published.business_unit_id
            and weeks.week_date = published.week_date
    left join activities
        on
            weeks.org_key = activities.org_key
            and weeks.user_id = activities.user_id
            and weeks.week_date = activities.week_date
    left join time_off
        on
            weeks.org_key = time_off.org_key
            and weeks.user_id = time_off.user_id
            and weeks.week_date = time_off.week_date
)

select
    weeks.agent_week_work_plan_key,
    weeks.org_key,
    account.canonical_agent_id,
    weeks.user_id,
    weeks.management_unit_id,
    weeks.week_date,
    plans.work_plan_key,
    plans.work_plan_name,
    plans.weekly_minimum_paid_minutes,
    plans.weekly_maximum_paid_minutes,
    scheduled.has_schedule,
    scheduled.scheduled_paid_minutes,
    case
        when scheduled.scheduled_paid_minutes is null or plans.weekly_minimum_paid_minutes is null then null
        when scheduled.scheduled_paid_minutes < plans.weekly_minimum_paid_minutes then 'under'
        when scheduled.scheduled_paid_minutes > plans.weekly_maximum_paid_minutes then 'over'
        else 'within'
    end as contract_status
from weeks
inner join scheduled on weeks.agent_week_work_plan_key = scheduled.agent_week_work_plan_key
left join plans on {{ colon_key(["weeks.org_key", "weeks.work_plan_id"]) }} = plans.work_plan_key
{{ join_agent_account('weeks') }}
