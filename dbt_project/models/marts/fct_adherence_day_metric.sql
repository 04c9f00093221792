-- Genesys' historical adherence metrics per account and business-unit day (the bulk job's day metrics).
select
    days.adherence_day_key,
    days.org_key,
    identity.canonical_agent_id,
    days.user_id,
    days.management_unit_id,
    days.business_date,
    days.day_start_utc,
    days.time_zone,
    days.adherence_schedule_seconds,
    days.conformance_schedule_seconds,
    days.conformance_actual_seconds,
    days.exception_count,
    days.exception_duration_seconds,
    days.impact_seconds,
    days.schedule_length_seconds,
    days.actual_length_seconds,
    days.adherence_percentage,
    days.conformance_percentage
from {{ ref('stg_genesys__adherence_day_metrics') }} as days
{{ join_person('days') }}
