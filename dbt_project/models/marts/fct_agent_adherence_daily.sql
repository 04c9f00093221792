-- One row per person and local day (their one time zone), combining every org they work in.
-- adherence_pct = 1 - exception minutes / scheduled minutes, floored at 0 (Genesys' adherence);
-- conformance_pct = actual on-queue time / scheduled on-queue time (from the bulk job's day metrics).
-- Days after the last day historical adherence was extracted for are left out.
with scheduled as (
    select
        canonical_agent_id,
        local_date,
        {{ sorted_list_agg('org_key') }} as org_keys,
        sum(minutes) as scheduled_minutes
    from {{ ref('int_enrich_schedule_activities') }}
    group by canonical_agent_id, local_date
),

exceptions as (
    select
        canonical_agent_id,
        local_date,
        sum(minutes) as exception_minutes
    from {{ ref('fct_adherence_exception') }}
    group by canonical_agent_id, local_date
),

conformance as (
    select
        identity.canonical_agent_id,
        days.business_date as local_date,
        sum(days.conformance_schedule_seconds) as conformance_schedule_seconds,
        sum(days.conformance_actual_seconds) as conformance_actual_seconds
    from {{ ref('stg_genesys__adherence_day_metrics') }} as days
    inner join {{ ref('int_resolve_agent_identity') }} as identity
        on days.org_key = identity.org_key and days.user_id = identity.user_id
    group by identity.canonical_agent_id, days.business_date
),

extracted_through as (
    select max(business_date) as last_date from {{ ref('stg_genesys__adherence_day_metrics') }}
)

select
    {{ dbt.concat(["scheduled.canonical_agent_id", "':'", "cast(scheduled.local_date as " ~ dbt.type_string() ~ ")"]) }}
        as agent_day_key,
    scheduled.canonical_agent_id,
    scheduled.local_date,
    scheduled.org_keys,
    scheduled.scheduled_minutes,
    coalesce(exceptions.exception_minutes, 0) as exception_minutes,
    case
        when scheduled.scheduled_minutes > 0
            then greatest(0, 1 - coalesce(exceptions.exception_minutes, 0) / scheduled.scheduled_minutes)
    end as adherence_pct,
    case
        when conformance.conformance_schedule_seconds > 0
            then 1.0 * conformance.conformance_actual_seconds / conformance.conformance_schedule_seconds
    end as conformance_pct
from scheduled
cross join extracted_through
left join exceptions
    on scheduled.canonical_agent_id = exceptions.canonical_agent_id and scheduled.local_date = exceptions.local_date
left join conformance
    on scheduled.canonical_agent_id = conformance.canonical_agent_id and scheduled.local_date = conformance.local_date
where scheduled.local_date <= extracted_through.last_date
