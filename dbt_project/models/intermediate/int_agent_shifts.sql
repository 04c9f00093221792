-- One row per scheduled shift of an account (current schedules), dated as Genesys dates a shift: by its start.
-- local_date is the person's local date of the shift start (their one time zone), business_unit_date the business
-- unit's: an overnight shift stays on the day it began. window_start_utc/window_end_utc reach an hour beyond the
-- shift, so work just outside it (on queue early or late) and its exceptions are dated with the shift.
with activities as (
    select * from {{ ref('int_enrich_schedule_activities') }}
),

units as (
    select
        org_key,
        business_unit_id,
        time_zone
    from {{ ref('stg_genesys__business_units') }}
    where is_latest
),

shifts as (
    select
        org_key,
        user_id,
        shift_id,
        min(canonical_agent_id) as canonical_agent_id,
        min(business_unit_id) as business_unit_id,
        min(person_time_zone) as person_time_zone,
        min(shift_start_utc) as shift_start_utc,
        max(end_utc) as shift_end_utc,
        sum(minutes) as scheduled_minutes,
        sum(case when is_on_queue then minutes else 0 end) as on_queue_minutes
    from activities
    group by org_key, user_id, shift_id
)

select
    {{ colon_key(["shifts.org_key", "shifts.user_id", "shifts.shift_id"]) }} as shift_key,
    shifts.org_key,
    shifts.user_id,
    shifts.canonical_agent_id,
    shifts.business_unit_id,
    shifts.shift_id,
    shifts.shift_start_utc,
    shifts.shift_end_utc,
    {{ dbt.dateadd('hour', -1, 'shifts.shift_start_utc') }} as window_start_utc,
    {{ dbt.dateadd('hour', 1, 'shifts.shift_end_utc') }} as window_end_utc,
    cast({{ to_local('shifts.shift_start_utc', 'shifts.person_time_zone') }} as date) as local_date,
    cast({{ to_local('shifts.shift_start_utc', "coalesce(units.time_zone, shifts.person_time_zone)") }} as date)
        as business_unit_date,
    shifts.scheduled_minutes,
    shifts.on_queue_minutes
from shifts
left join units on shifts.org_key = units.org_key and shifts.business_unit_id = units.business_unit_id
