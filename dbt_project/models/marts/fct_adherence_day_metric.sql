{{
    config(
        materialized='incremental',
        incremental_strategy='window_replace',
        on_schema_change='fail',
        window_column='day_start_utc',
        window_families=['adherence', 'schedules'],
        window_identity=true,
        window_days_before=8,
        window_days_after=8,
    )
}}
-- a day is dated by its shift (int_agent_shifts): the schedules window's weeks reach 7 days either side
-- of it, plus a day for the UTC-vs-local date
-- Incremental on the adherence and schedules windows (macros/incremental_window.sql).
-- Genesys' historical adherence metrics per account and business-unit day (the bulk job's day metrics), with the
-- person's local date of the day's shift (Genesys dates a shift by its start; a bi-regional person's second
-- org's day lands on the same local date as the shift it holds) and whether the day had ended when it was
-- extracted (is_complete: an extraction during the day holds its elapsed part only; the next re-read completes it).
-- adherence_pct and conformance_pct follow Genesys' definitions (RC "How Genesys Cloud calculates adherence and
-- conformance"): undefined (null) without actual logged-in time (a no-show) or without adherence schedule;
-- conformance also undefined without on-queue schedule (Genesys: Infinity when the agent worked on queue).
with days as (
    select * from {{ ref('stg_genesys__adherence_day_metrics') }}
    {% if is_incremental() %} where {{ rebuilt_rows() }} {% endif %}
),

shift_dates as (
    select
        org_key,
        user_id,
        business_unit_date,
        min(local_date) as local_date
    from {{ ref('int_agent_shifts') }}
    group by org_key, user_id, business_unit_date
),

measured as (
    select
        days.*,
        identity.canonical_agent_id,
        coalesce(
            shift_dates.local_date,
            cast({{ to_local('days.day_start_utc', "coalesce(identity.person_time_zone, days.time_zone)") }} as date)
        ) as local_date,
        {{ local_midnight_utc(dbt.dateadd('day', 1, 'days.business_date'), 'days.time_zone') }} as day_end_utc,
        days.actual_length_seconds > 0 and days.adherence_schedule_seconds > 0 as has_adherence,
        days.actual_length_seconds > 0 and days.conformance_schedule_seconds > 0 as has_conformance
    from days
    left join {{ ref('int_resolve_agent_identity') }} as identity
        on days.org_key = identity.org_key and days.user_id = identity.user_id
    left join shift_dates
        on
            days.org_key = shift_dates.org_key and days.user_id = shift_dates.user_id
            and days.business_date = shift_dates.business_unit_date
)

select
    adherence_day_key,
    org_key,
    canonical_agent_id,
    user_id,
    management_unit_id,
    business_date,
    local_date,
    day_start_utc,
    day_end_utc,
    time_zone,
    extracted_at_utc,
    coalesce(extracted_at_utc >= day_end_utc, false) as is_complete,
    adherence_schedule_seconds,
    conformance_schedule_seconds,
    conformance_actual_seconds,
    exception_count,
    exception_duration_seconds,
    impact_seconds,
    schedule_length_seconds,
    actual_length_seconds,
    actual_length_seconds = 0 and schedule_length_seconds > 0 as is_no_show,
    has_adherence,
    has_conformance,
    case
        when has_adherence
            then greatest(0, 1 - cast(exception_duration_seconds as {{ type_double() }}) / adherence_schedule_seconds)
    end as adherence_pct,
    case
        when has_conformance
            then cast(conformance_actual_seconds as {{ type_double() }}) / conformance_schedule_seconds
    end as conformance_pct,
    adherence_percentage,
    conformance_percentage
from measured
