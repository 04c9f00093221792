-- The latest real-time adherence snapshot of every org, one row per region and one GLOBAL row.
-- Each org contributes its own latest snapshot; its time and age are listed (rpt_realtime_snapshot_orgs, one row
-- per org), and an org whose latest snapshot is more than var('snapshot_stale_minutes') older than the newest
-- org's (or that has none) is stale: staleness is judged against the newest org's data, never the clock.
-- A person with accounts in two orgs counts once per scope, in their worst state (out of adherence, explained,
-- in adherence, ignored, unknown, unscheduled: the six adherenceState values). adherence_pct = in / (in + out):
-- an explained or ignored agent is in neither.
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

org_status as (
    select
        org_key,
        region,
        snapshot_at_utc,
        minutes_behind_newest,
        is_stale
    from {{ ref('rpt_realtime_snapshot_orgs') }}
),

current_states as (
    select
        snapshots.org_key,
        orgs.region,
        coalesce(snapshots.canonical_agent_id, {{ colon_key(["snapshots.org_key", "snapshots.user_id"]) }})
            as canonical_agent_id,
        case snapshots.adherence_state
            when 'OutOfAdherence' then 1
            when 'Explained' then 2
            when 'InAdherence' then 3
            when 'Ignored' then 4
            when 'Unknown' then 5
            else 6
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
        {%- for rank, state in [(3, 'in_adherence'), (1, 'out_of_adherence'), (2, 'explained'), (4, 'ignored'),
                                 (5, 'unknown'), (6, 'unscheduled')] %}
            cast(sum(case when state_rank = {{ rank }} then 1 else 0 end) as {{ dbt.type_bigint() }}) as {{ state }}
            {%- if not loop.last %},{% endif %}
        {%- endfor %}
    from people
    group by scope_key
),

scoped_orgs as (
    select
        region as scope_key,
        org_key,
        snapshot_at_utc,
        minutes_behind_newest,
        is_stale
    from org_status
    union all
    select
        'GLOBAL' as scope_key,
        org_key,
        snapshot_at_utc,
        minutes_behind_newest,
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
        {{ sorted_list_agg(dbt.concat([
            "org_key", "'='", "cast(minutes_behind_newest as " ~ dbt.type_string() ~ ")", "' min'"])) }}
            as org_snapshot_ages,
        {{ sorted_list_agg("case when is_stale then org_key end") }} as stale_org_keys
    from scoped_orgs
    group by scope_key
)

select
    snapshot_times.scope_key as region,
    snapshot_times.snapshot_at_utc,
    snapshot_times.oldest_org_snapshot_at_utc,
    snapshot_times.org_snapshot_times,
    snapshot_times.org_snapshot_ages,
    snapshot_times.stale_org_keys,
    snapshot_times.orgs,
    snapshot_times.orgs_with_snapshot,
    coalesce(counts.agents, 0) as agents,
    coalesce(counts.in_adherence, 0) as in_adherence,
    coalesce(counts.out_of_adherence, 0) as out_of_adherence,
    coalesce(counts.explained, 0) as explained,
    coalesce(counts.ignored, 0) as ignored,
    coalesce(counts.unknown, 0) as unknown,
    coalesce(counts.unscheduled, 0) as unscheduled,
    case
        when counts.in_adherence + counts.out_of_adherence > 0
            then cast(counts.in_adherence as {{ type_double() }}) / (counts.in_adherence + counts.out_of_adherence)
    end as adherence_pct
from snapshot_times
left join counts on snapshot_times.scope_key = counts.scope_key
order by case when snapshot_times.scope_key = 'GLOBAL' then 1 else 0 end, snapshot_times.scope_key
