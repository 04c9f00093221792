-- One row per org: its latest real-time adherence snapshot, how far behind the newest org's snapshot it is
-- (minutes; staleness is judged against the newest org's data, never the clock, so a warehouse read hours later
-- does not call every org stale) and whether that makes it stale (more than var('snapshot_stale_minutes'), or no
-- snapshot at all), with the agents it saw.
with snapshots as (
    select
        org_key,
        snapshot_at_utc
    from {{ ref('fct_realtime_adherence') }}
),

latest_per_org as (
    select
        org_key,
        max(snapshot_at_utc) as snapshot_at_utc
    from snapshots
    group by org_key
),

agents as (
    select
        snapshots.org_key,
        count(*) as agents
    from snapshots
    inner join latest_per_org
        on snapshots.org_key = latest_per_org.org_key and snapshots.snapshot_at_utc = latest_per_org.snapshot_at_utc
    group by snapshots.org_key
),

newest as (
    select max(snapshot_at_utc) as newest_at_utc from latest_per_org
)

select
    orgs.org_key,
    orgs.region,
    latest_per_org.snapshot_at_utc,
    newest.newest_at_utc,
    cast({{ minutes_between('latest_per_org.snapshot_at_utc', 'newest.newest_at_utc') }} as {{ dbt.type_int() }})
        as minutes_behind_newest,
    latest_per_org.snapshot_at_utc is null
    or {{ minutes_between('latest_per_org.snapshot_at_utc', 'newest.newest_at_utc') }}
    > {{ var('snapshot_stale_minutes') }} as is_stale,
    coalesce(agents.agents, 0) as agents
from {{ ref('dim_org') }} as orgs
left join latest_per_org on orgs.org_key = latest_per_org.org_key
left join agents on orgs.org_key = agents.org_key
cross join newest
order by orgs.org_key
