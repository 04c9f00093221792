-- Every real-time adherence row the stream stored (pushed changes and the polling answers that repaired gaps),
-- with the person. announces_change: a pushed row whose adherence_changed_at_utc differs from the agent's
-- previous row's, i.e. the event that announced a new adherence state; only such rows carry their own event time,
-- so event_lag_seconds (warehouse arrival, written_at_utc, minus the state's start) is theirs alone.
-- A view: it is current without a dbt run.
{{ config(materialized='view') }}

with events as (
    select * from {{ ref('stg_genesys__adherence_events') }}
),

accounts as (
    select
        org_key,
        user_id,
        canonical_agent_id
    from {{ ref('dim_agent_account') }}
),

ordered as (
    select
        events.*,
        lag(events.adherence_changed_at_utc) over (
            partition by events.org_key, events.user_id order by events.received_at_utc, events.sequence
        ) as previous_changed_at_utc
    from events
),

flagged as (
    select
        ordered.*,
        ordered.source = 'notification'
        and ordered.previous_changed_at_utc is not null
        and ordered.adherence_changed_at_utc <> ordered.previous_changed_at_utc as announces_change
    from ordered
)

select
    flagged.adherence_event_key,
    flagged.org_key,
    flagged.region,
    accounts.canonical_agent_id,
    flagged.user_id,
    flagged.business_unit_id,
    flagged.management_unit_id,
    flagged.adherence_state,
    flagged.scheduled_category,
    flagged.actual_category,
    flagged.system_presence,
    flagged.routing_status,
    flagged.impact,
    flagged.adherence_changed_at_utc,
    flagged.presence_changed_at_utc,
    flagged.source,
    flagged.received_at_utc,
    flagged.sequence,
    flagged.written_at_utc,
    flagged.announces_change,
    case
        when flagged.announces_change
            then {{ seconds_between('flagged.adherence_changed_at_utc', 'flagged.written_at_utc') }}
    end as event_lag_seconds
from flagged
left join accounts on flagged.org_key = accounts.org_key and flagged.user_id = accounts.user_id
