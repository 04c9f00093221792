-- Real-time adherence now per region and GLOBAL, from each account's latest observation (fct_agent_state_now:
-- pushed, or polled when an org is not streaming). A person counts once per scope, in the worst state of their
-- accounts in it. adherence_pct = in / (in + out); explained and ignored are counted apart, in neither.
-- outliers: out of adherence for var('adherence_outlier_minutes') minutes or more. Which orgs are streaming
-- (the stream's current state) and which are covered by polling is listed. A view: current without a dbt run.
{{ config(materialized='view') }}

with accounts as (
    select * from {{ ref('fct_agent_state_now') }}
),

as_of as (
    select {{ realtime_as_of() }} as as_of_utc
),

scoped as (
    select
        accounts.region as scope_key,
        accounts.*
    from accounts
    union all
    select
        'GLOBAL' as scope_key,
        accounts.*
    from accounts
),

people as (
    select
        scoped.*,
        scoped.adherence_state = 'OutOfAdherence'
        and {{ seconds_between('scoped.state_since_utc', 'as_of.as_of_utc') }}
        >= 60 * {{ var('adherence_outlier_minutes') }} as is_outlier,
        row_number() over (
            partition by scoped.scope_key, scoped.canonical_agent_id
            order by scoped.state_rank asc, scoped.observed_at_utc desc, scoped.org_key asc
        ) as pick
    from scoped
    cross join as_of
),

counts as (
    select
        people.scope_key,
        count(*) as agents,
        sum(case when people.adherence_state = 'InAdherence' then 1 else 0 end) as in_adherence,
        sum(case when people.adherence_state = 'OutOfAdherence' then 1 else 0 end) as out_of_adherence,
        sum(case when people.adherence_state in ('Explained', 'Ignored') then 1 else 0 end) as explained_or_ignored,
        sum(case when people.adherence_state = 'Unknown' then 1 else 0 end) as unknown,
        sum(case when people.adherence_state = 'Unscheduled' then 1 else 0 end) as unscheduled,
        sum(case when people.is_outlier then 1 else 0 end) as outliers,
        min(people.observed_at_utc) as oldest_observation_utc,
        max(people.observed_at_utc) as newest_observation_utc
    from people
    where people.pick = 1
    group by people.scope_key
),

streams as (
    select
        orgs.org_key,
        orgs.region,
        coalesce(status.state = 'streaming', false) as is_streaming
    from {{ ref('dim_org') }} as orgs
    left join {{ ref('fct_adherence_stream_status') }} as status
        on orgs.org_key = status.org_key and status.is_current
),

scoped_streams as (
    select
        region as scope_key,
        org_key,
        is_streaming
    from streams
    union all
    select
        'GLOBAL' as scope_key,
        org_key,
        is_streaming
    from streams
),

coverage as (
    select
        scope_key,
        count(*) as orgs,
        {{ sorted_list_agg("case when is_streaming then org_key end") }} as streaming_org_keys,
        {{ sorted_list_agg("case when not is_streaming then org_key end") }} as polled_org_keys
    from scoped_streams
    group by scope_key
)

select
    coverage.scope_key as region,
    as_of.as_of_utc,
    coverage.orgs,
    coverage.streaming_org_keys,
    coverage.polled_org_keys,
    coalesce(counts.agents, 0) as agents,
    coalesce(counts.in_adherence, 0) as in_adherence,
    coalesce(counts.out_of_adherence, 0) as out_of_adherence,
    coalesce(counts.explained_or_ignored, 0) as explained_or_ignored,
    coalesce(counts.unknown, 0) as unknown,
    coalesce(counts.unscheduled, 0) as unscheduled,
    coalesce(counts.outliers, 0) as outliers,
    case
        when counts.in_adherence + counts.out_of_adherence > 0
            then cast(counts.in_adherence as {{ type_double() }}) / (counts.in_adherence + counts.out_of_adherence)
    end as adherence_pct,
    counts.oldest_observation_utc,
    counts.newest_observation_utc
from coverage
cross join as_of
left join counts on coverage.scope_key = counts.scope_key
order by case when coverage.scope_key = 'GLOBAL' then 1 else 0 end, coverage.scope_key
