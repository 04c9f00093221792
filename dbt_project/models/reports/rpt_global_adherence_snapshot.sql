-- The latest real-time adherence snapshot of every org, one row per region and one GLOBAL row.
-- Each org contributes its own latest snapshot; its time is listed, and an org whose latest snapshot is
-- more than var('snapshot_stale_minutes') older than the newest org's (or that has none) is stale.
-- A person with accounts in two orgs counts once per scope, in their worst state (out of adherence,
-- then in adherence, then unknown, then unscheduled). adherence_pct = in / (in + out).
with snapshots as (
    select * from {{ ref('fct_realtime_adherence') }}
),

orgs as (
    select
        org_key,
        region
    from {{ ref('dim_org') }}
),

latest_per_org as (
    select
        org_key,
        max(snapshot_at_utc) as snapshot_at_utc
    from snapshots
    group by org_key
),

newest as (
    select max(snapshot_at_utc) as newest_at_utc from latest_per_org
),

org_status as (
    select
        orgs.org_key,
        orgs.region,
        latest_per_org.snapshot_at_utc,
        latest_per_org.snapshot_at_utc is null
        or {{ minutes_between('latest_per_org.snapshot_at_utc', 'newest.newest_at_utc') }}
        > {{ var('snapshot_stale_minutes') }} as is_stale
    from orgs
    left join latest_per_org on orgs.org_key = latest_per_org.org_key
    cross join newest
),

current_states as (
    select
        snapshots.org_key,
        orgs.region,
        coalesce(snapshots.canonical_agent_id, {{ colon_key(["snapshots.org_key", "snapshots.user_id"]) }})
            as canonical_agent_id,
        case snapshots.adherence_state
            when 'OutOfAdherence' then 1
            when 'InAdherence' then 2
            when 'Unknown' then 3
            else 4
        end as state_rank
    from snapshots
    inner join latest_per_org
        on snapshots.org_key = latest_per_org.org_key and snapshots.snapshot_at_utc = latest_per_org.snapshot_at_utc
    inner join orgs on snapshots.org_key = orgs.org_key
),

scoped_states as (
    select
        region as scope_key,
        canonical_agent_id,
        state_rank
    from current_states
    union all
    select
        'GLOBAL' as scope_key,
        canonical_agent_id,
        state_rank
    from current_states
),

people as (
    select
        scope_key,
        canonical_agent_id,
        min(state_rank) as state_rank
    from scoped_states
    group by scope_key, canonical_agent_id
),

counts as (
    select
        scope_key,
        count(*) as agents,
        cast(sum(case when state_rank = 2 then 1 else 0 end) as {{ dbt.type_bigint() }}) as in_adherence,
        cast(sum(case when state_rank = 1 then 1 else 0 end) as {{ dbt.type_bigint() }}) as out_of_adherence,
        cast(sum(case when state_rank = 3 then 1 else 0 end) as {{ dbt.type_bigint() }}) as unknown,
        cast(sum(case when state_rank = 4 then 1 else 0 end) as {{ dbt.type_bigint() }}) as unscheduled
    from people
    group by scope_key
),

scoped_orgs as (
    select
        region as scope_key,
        org_key,
        snapshot_at_utc,
        is_stale
    from org_status
    union all
    select
        'GLOBAL' as scope_key,
        org_key,
        snapshot_at_utc,
        is_stale
    from org_status
),

snapshot_times as (
    select
        scope_key,
        count(*) as orgs,
        count(snapshot_at_utc) as orgs_with_snapshot,
        max(snapshot_at_utc) as snapshot_at_utc,
        min(snapshot_at_utc) as oldest_org_snapshot_at_utc,
        {{ sorted_list_agg(dbt.concat([
            "org_key", "'='", "coalesce(cast(snapshot_at_utc as " ~ dbt.type_string() ~ "), 'none')"])) }}
            as org_snapshot_times,
        {{ sorted_list_agg("case when is_stale then org_key end") }} as stale_org_keys
    from scoped_orgs
    group by scope_key
)

select
    snapshot_times.scope_key as region,
    snapshot_times.snapshot_at_utc,
    snapshot_times.oldest_org_snapshot_at_utc,
    snapshot_times.org_snapshot_times,
    snapshot_times.stale_org_keys,
    snapshot_times.orgs,
    snapshot_times.orgs_with_snapshot,
    coalesce(counts.agents, 0) as agents,
    coalesce(counts.in_adherence, 0) as in_adherence,
    coalesce(counts.out_of_adherence, 0) as out_of_adherence,
    coalesce(counts.unknown, 0) as unknown,
    coalesce(counts.unscheduled, 0) as unscheduled,
    case
        when counts.in_adherence + counts.out_of_adherence > 0
            then cast(counts.in_adherence as {{ type_double() }}) / (counts.in_adherence + counts.out_of_adherence)
    end as adherence_pct
from snapshot_times
left join counts on snapshot_times.scope_key = counts.scope_key
order by case when snapshot_times.scope_key = 'GLOBAL' then 1 else 0 end, snapshot_times.scope_key
