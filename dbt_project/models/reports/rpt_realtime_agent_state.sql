-- Real-time adherence now, one row per person (canonical agent) across orgs: a bi-regional person once, through
-- the account in the worst state (adherence_state_rank), then the latest observed. minutes_in_state = as of now
-- (realtime_as_of) minus when the adherence state began; is_outlier: out of adherence for
-- var('adherence_outlier_minutes') minutes or more. A view: current without a dbt run.
{{ config(materialized='view') }}

with accounts as (
    select * from {{ ref('fct_agent_state_now') }}
),

as_of as (
    select {{ realtime_as_of() }} as as_of_utc
),

ranked as (
    select
        accounts.*,
        count(*) over (partition by accounts.canonical_agent_id) as accounts_observed,
        row_number() over (
            partition by accounts.canonical_agent_id
            order by accounts.state_rank asc, accounts.observed_at_utc desc, accounts.org_key asc
        ) as pick
    from accounts
),

agents as (
    select
        canonical_agent_id,
        display_name
    from {{ ref('dim_agent') }}
),

timed as (
    select
        ranked.*,
        as_of.as_of_utc,
        {{ seconds_between('ranked.state_since_utc', 'as_of.as_of_utc') }} / 60.0 as minutes_in_state
    from ranked
    cross join as_of
    where ranked.pick = 1
)

select
    timed.canonical_agent_id,
    agents.display_name,
    timed.org_key,
    timed.region,
    timed.user_id,
    timed.management_unit_id,
    timed.adherence_state,
    timed.scheduled_category,
    timed.actual_category,
    timed.system_presence,
    timed.routing_status,
    timed.impact,
    timed.state_since_utc,
    timed.minutes_in_state,
    timed.adherence_state = 'OutOfAdherence'
    and timed.minutes_in_state >= {{ var('adherence_outlier_minutes') }} as is_outlier,
    timed.observed_at_utc,
    timed.observed_by,
    timed.accounts_observed,
    timed.as_of_utc
from timed
left join agents on timed.canonical_agent_id = agents.canonical_agent_id
