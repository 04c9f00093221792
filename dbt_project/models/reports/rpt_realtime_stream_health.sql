-- The adherence stream per org: its current state (and why), the last hour's events and their lag (warehouse
-- arrival minus the announced adherence change: fct_adherence_event.event_lag_seconds, p50/p95/max), the last
-- day's gaps and whether polling repaired them, and the latest polling snapshot (the fallback). Times relative to
-- realtime_as_of. A view: current without a dbt run.
{{ config(materialized='view') }}

with as_of as (
    select {{ realtime_as_of() }} as as_of_utc
),

status as (
    select * from {{ ref('fct_adherence_stream_status') }}
    where is_current
),

events as (
    select * from {{ ref('fct_adherence_event') }}
),

recent as (
    select
        events.org_key,
        sum(case when events.source = 'notification' then 1 else 0 end) as events_last_hour,
        sum(case when events.announces_change then 1 else 0 end) as adherence_changes_last_hour,
        percentile_cont(0.5) within group (order by events.event_lag_seconds) as lag_p50_seconds,
        percentile_cont(0.95) within group (order by events.event_lag_seconds) as lag_p95_seconds,
        max(events.event_lag_seconds) as lag_max_seconds
    from events
    cross join as_of
    where
        events.received_at_utc > {{ dbt.dateadd('minute', -60, 'as_of.as_of_utc') }}
        and events.received_at_utc <= as_of.as_of_utc
    group by events.org_key
),

latest_events as (
    select
        org_key,
        max(received_at_utc) as last_event_received_utc
    from events
    where source = 'notification'
    group by org_key
),

gaps as (
    select
        gaps.org_key,
        count(distinct gaps.gap_id) as gaps_last_day,
        count(distinct case when not gaps.is_repaired then gaps.gap_id end) as unrepaired_gaps_last_day,
        max(gaps.gap_end_utc) as last_gap_end_utc
    from {{ ref('fct_adherence_stream_gap') }} as gaps
    cross join as_of
    where
        gaps.gap_start_utc is not null
        and gaps.gap_end_utc > {{ dbt.dateadd('day', -1, 'as_of.as_of_utc') }}
        and gaps.gap_end_utc <= as_of.as_of_utc
    group by gaps.org_key
),

polls as (
    select
        org_key,
        max(snapshot_at_utc) as last_poll_utc
    from {{ ref('fct_realtime_adherence') }}
    group by org_key
)

select
    orgs.org_key,
    orgs.region,
    status.reason as stream_reason,
    status.changed_at_utc as stream_state_since_utc,
    recent.lag_p50_seconds,
    recent.lag_p95_seconds,
    recent.lag_max_seconds,
    latest_events.last_event_received_utc,
    gaps.last_gap_end_utc,
    polls.last_poll_utc,
    as_of.as_of_utc,
    coalesce(status.state, 'not running') as stream_state,
    coalesce(recent.events_last_hour, 0) as events_last_hour,
    coalesce(recent.adherence_changes_last_hour, 0) as adherence_changes_last_hour,
    coalesce(gaps.gaps_last_day, 0) as gaps_last_day,
    coalesce(gaps.unrepaired_gaps_last_day, 0) as unrepaired_gaps_last_day
from {{ ref('dim_org') }} as orgs
cross join as_of
left join status on orgs.org_key = status.org_key
left join recent on orgs.org_key = recent.org_key
left join latest_events on orgs.org_key = latest_events.org_key
left join gaps on orgs.org_key = gaps.org_key
left join polls on orgs.org_key = polls.org_key
order by orgs.org_key
