-- Each active account's latest observed real-time adherence: the newest of what the stream stored (pushed
-- changes, polling repairs) and what the polling snapshot took (fct_realtime_adherence), by when each was
-- observed (received or polled, UTC). An org whose notifications are not permitted is thus still covered by the
-- snapshot, and a streaming one by its events. Accounts inactive or vanished at the last nightly load are left
-- out (dim_agent_account), so agents who left do not linger. A view: current without a dbt run.
{{ config(materialized='view') }}

{%- set state_columns = ["org_key", "region", "user_id", "management_unit_id", "adherence_state",
    "scheduled_category", "actual_category", "system_presence", "routing_status", "impact",
    "adherence_changed_at_utc"] -%}

with observations as (
    select
        {{ state_columns | join(', ') }},
        received_at_utc as observed_at_utc,
        sequence,
        source as observed_by
    from {{ ref('fct_adherence_event') }}
    union all
    select
        {{ state_columns | join(', ') }},
        snapshot_at_utc as observed_at_utc,
        0 as sequence,
        'poll' as observed_by
    from {{ ref('fct_realtime_adherence') }}
),

latest as (
    select
        observations.*,
        row_number() over (
            partition by observations.org_key, observations.user_id
            order by observations.observed_at_utc desc, observations.sequence desc
        ) as recency
    from observations
),

accounts as (
    select
        org_key,
        user_id,
        canonical_agent_id
    from {{ ref('dim_agent_account') }}
    where is_active
)

select
    {{ colon_key(["latest.org_key", "latest.user_id"]) }} as account_key,
    latest.org_key,
    latest.region,
    accounts.canonical_agent_id,
    latest.user_id,
    latest.management_unit_id,
    latest.adherence_state,
    {{ adherence_state_rank('latest.adherence_state') }} as state_rank,
    latest.scheduled_category,
    latest.actual_category,
    latest.system_presence,
    latest.routing_status,
    latest.impact,
    latest.adherence_changed_at_utc as state_since_utc,
    latest.observed_at_utc,
    latest.observed_by
from latest
inner join accounts on latest.org_key = accounts.org_key and latest.user_id = accounts.user_id
where latest.recency = 1
