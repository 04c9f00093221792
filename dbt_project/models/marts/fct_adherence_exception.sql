{{
    config(
        materialized='incremental',
        incremental_strategy='window_replace',
        on_schema_change='fail',
        window_column='start_utc',
        window_families=['adherence', 'schedules'],
        window_identity=true,
        window_days_before=8,
        window_days_after=8,
    )
}}
-- a day is dated by its shift (int_agent_shifts): the schedules window's weeks reach 7 days either side
-- of it, plus a day for the UTC-vs-local date
-- Incremental on the adherence and schedules windows (macros/incremental_window.sql).
-- Historical adherence exceptions, each dated with the shift it belongs to (Genesys dates a shift by its start):
-- the shift whose window (an hour either side, for work just outside it) holds the exception's start; an
-- exception near no shift keeps the person's local date of its own start.
with exceptions as (
    select * from {{ ref('stg_genesys__adherence_exceptions') }}
    {% if is_incremental() %} where {{ rebuilt_rows() }} {% endif %}
),

identity as (
    select
        org_key,
        user_id,
        canonical_agent_id,
        person_time_zone
    from {{ ref('int_resolve_agent_identity') }}
),

dated as (
    select
        exceptions.adherence_exception_key,
        min(shifts.local_date) as local_date,
        min(shifts.business_unit_date) as business_unit_date
    from exceptions
    inner join {{ ref('int_agent_shifts') }} as shifts
        on
            exceptions.org_key = shifts.org_key and exceptions.user_id = shifts.user_id
            and exceptions.start_utc >= shifts.window_start_utc and exceptions.start_utc < shifts.window_end_utc
    group by exceptions.adherence_exception_key
)

select
    exceptions.adherence_exception_key,
    exceptions.org_key,
    identity.canonical_agent_id,
    exceptions.user_id,
    exceptions.management_unit_id,
    exceptions.start_utc,
    exceptions.end_utc,
    {{ minutes_between('exceptions.start_utc', 'exceptions.end_utc') }} as minutes,
    coalesce(dated.local_date, cast({{ to_local('exceptions.start_utc', 'identity.person_time_zone') }} as date))
        as local_date,
    coalesce(dated.business_unit_date, exceptions.business_date) as business_unit_date,
    exceptions.scheduled_category,
    exceptions.actual_category,
    exceptions.impact,
    exceptions.system_presence,
    exceptions.routing_status
from exceptions
left join identity on exceptions.org_key = identity.org_key and exceptions.user_id = identity.user_id
left join dated on exceptions.adherence_exception_key = dated.adherence_exception_key
