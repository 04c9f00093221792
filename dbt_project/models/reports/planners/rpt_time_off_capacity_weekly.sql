-- GLOBAL time-off capacity per week (Monday of the business-unit date) across every org: what the daily limits
-- allow, what is allocated, what is left, and each business unit's public holidays that week (dates its plans
-- block: allowed time off is 0 there), so one org's holiday is visible beside the others' working days.
-- Rows per org and business unit, plus one GLOBAL row per week (org_key = 'GLOBAL').
with days as (
    select
        days.*,
        {{ week_start_date('days.value_date') }} as week_start_date,
        units.name as business_unit_name
    from {{ ref('fct_time_off_limit_day') }} as days
    left join {{ ref('dim_business_unit') }} as units
        on {{ colon_key(["days.org_key", "days.business_unit_id"]) }} = units.business_unit_key
),

per_unit as (
    select
        week_start_date,
        org_key,
        business_unit_id,
        max(business_unit_name) as business_unit_name,
        sum(limit_minutes) / 60.0 as limit_hours,
        sum(allocated_minutes) / 60.0 as allocated_hours,
        sum(available_minutes) / 60.0 as available_hours,
        count(distinct case when is_blocked_holiday then value_date end) as blocked_days,
        {{ sorted_list_agg("case when is_blocked_holiday then cast(value_date as " ~ dbt.type_string() ~ ") end") }}
            as blocked_dates
    from days
    group by week_start_date, org_key, business_unit_id
),

global_weeks as (
    select
        week_start_date,
        'GLOBAL' as org_key,
        cast(null as {{ dbt.type_string() }}) as business_unit_id,
        'GLOBAL' as business_unit_name,
        sum(limit_hours) as limit_hours,
        sum(allocated_hours) as allocated_hours,
        sum(available_hours) as available_hours,
        sum(blocked_days) as blocked_days,
        {{ sorted_list_agg("org_key || ':' || blocked_dates") }} as blocked_dates
    from per_unit
    group by week_start_date
),

both_scopes as (
    select * from per_unit
    union all
    select * from global_weeks
)

select
    {{ colon_key(["cast(week_start_date as " ~ dbt.type_string() ~ ")", "org_key", "coalesce(business_unit_id, '')"]) }}
        as capacity_week_key,
    week_start_date,
    org_key,
    business_unit_id,
    business_unit_name,
    limit_hours,
    allocated_hours,
    available_hours,
    allocated_hours / nullif(limit_hours, 0) as utilisation_pct,
    blocked_days,
    blocked_dates
from both_scopes
