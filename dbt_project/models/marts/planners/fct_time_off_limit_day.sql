-- One row per current daily time-off limit and business-unit date: the time off it allows, what is allocated
-- against it, and what is left (available = limit - allocated; negative when over-allocated). A date a plan using
-- the limit blocks (a public holiday) is marked with the plan's override type.
with limits as (
    select * from {{ ref('stg_genesys__time_off_limits') }}
    where is_current
),

overrides as (
    select
        plans.org_key,
        plans.time_off_limit_ids,
        dates.override_date,
        dates.override_type
    from {{ ref('stg_genesys__time_off_plan_dates') }} as dates
    inner join {{ ref('stg_genesys__time_off_plans') }} as plans
        on dates.org_key = plans.org_key and dates.time_off_plan_id = plans.time_off_plan_id and plans.is_current
    where dates.is_current
),

flags as (
    select
        {{ colon_key([
            "values_.org_key", "values_.time_off_limit_id", "cast(values_.value_date as " ~ dbt.type_string() ~ ")"
        ]) }} as time_off_limit_value_key,
        max(case when overrides.override_type = 'Blocked' then 1 else 0 end) = 1 as is_blocked,
        max(case when overrides.override_type = 'ManualReview' then 1 else 0 end) = 1 as is_manual_review
    from {{ ref('stg_genesys__time_off_limit_values') }} as values_
    inner join overrides
        on
            values_.org_key = overrides.org_key
            and values_.value_date = overrides.override_date
            and {{ dbt.position('values_.time_off_limit_id', 'overrides.time_off_limit_ids') }} > 0
    group by values_.org_key, values_.time_off_limit_id, values_.value_date
)

select
    values_.time_off_limit_value_key,
    values_.org_key,
    values_.business_unit_id,
    limits.management_unit_id,
    limits.staffing_group_id,
    values_.time_off_limit_id,
    values_.value_date,
    values_.limit_minutes,
    values_.allocated_minutes,
    values_.waitlisted_minutes,
    values_.limit_minutes - values_.allocated_minutes as available_minutes,
    coalesce(flags.is_blocked, false) as is_blocked_holiday,
    coalesce(flags.is_manual_review, false) as is_manual_review_date
from {{ ref('stg_genesys__time_off_limit_values') }} as values_
inner join limits on values_.org_key = limits.org_key and values_.time_off_limit_id = limits.time_off_limit_id
left join flags on values_.time_off_limit_value_key = flags.time_off_limit_value_key
