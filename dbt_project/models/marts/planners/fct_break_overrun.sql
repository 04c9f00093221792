-- One row per scheduled break or meal (every org), by person: how long it really lasted. An overrun is the
-- adherence exception that starts when the break ends while the agent is still in that category (Genesys records
-- the time as out of adherence against the next activity), so actual_minutes = scheduled minutes + overrun
-- minutes: a 15-minute break that lasted 24 has overrun_minutes 9. has_adherence: historical adherence was
-- extracted for the agent's business-unit day (without it, an overrun cannot be seen).
with breaks as (
    select * from {{ ref('fct_schedule_activity') }}
    where category in ('Break', 'Meal')
),

units as (
    select
        org_key,
        business_unit_id,
        time_zone
    from {{ ref('dim_business_unit') }}
),

days as (
    select
        org_key,
        user_id,
        business_date
    from {{ ref('stg_genesys__adherence_day_metrics') }}
),

overruns as (
    select
        org_key,
        user_id,
        start_utc,
        actual_category,
        minutes
    from {{ ref('fct_adherence_exception') }}
),

placed as (
    select
        breaks.*,
        cast({{ to_local('breaks.start_utc', 'units.time_zone') }} as date) as business_date
    from breaks
    left join units on breaks.org_key = units.org_key and breaks.business_unit_id = units.business_unit_id
)

select
    placed.schedule_activity_key as break_key,
    placed.org_key,
    placed.canonical_agent_id,
    placed.user_id,
    placed.business_unit_id,
    placed.management_unit_id,
    placed.category,
    placed.activity_name_key,
    placed.start_utc,
    placed.end_utc,
    placed.local_date,
    placed.business_date,
    placed.minutes as scheduled_minutes,
    coalesce(overruns.minutes, 0) as overrun_minutes,
    placed.minutes + coalesce(overruns.minutes, 0) as actual_minutes,
    days.business_date is not null as has_adherence
from placed
left join overruns
    on
        placed.org_key = overruns.org_key
        and placed.user_id = overruns.user_id
        and placed.end_utc = overruns.start_utc
        and placed.category = overruns.actual_category
left join days
    on placed.org_key = days.org_key and placed.user_id = days.user_id and placed.business_date = days.business_date
