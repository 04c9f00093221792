-- Agents out of adherence for var('adherence_outlier_minutes') minutes or more, worst first:
-- historical exceptions (complete days, fct_adherence_exception) and agents out of adherence right now
-- (each org's latest real-time snapshot; minutes out = snapshot time - time of the adherence change).
with threshold as (
    select {{ var('adherence_outlier_minutes') }} as minutes
),

orgs as (
    select
        org_key,
        region
    from {{ ref('dim_org') }}
),

agents as (
    select
        canonical_agent_id,
        display_name,
        time_zone
    from {{ ref('dim_agent') }}
),

historical as (
    select
        'historical' as source,
        exceptions.adherence_exception_key as outlier_key,
        exceptions.org_key,
        exceptions.canonical_agent_id,
        exceptions.user_id,
        exceptions.management_unit_id,
        exceptions.local_date,
        exceptions.start_utc,
        exceptions.end_utc,
        exceptions.scheduled_category,
        exceptions.actual_category,
        cast(exceptions.minutes as {{ type_double() }}) as minutes_out,
        exceptions.impact
    from {{ ref('fct_adherence_exception') }} as exceptions
    cross join threshold
    where exceptions.minutes >= threshold.minutes
),

latest_snapshots as (
    select
        org_key,
        max(snapshot_at_utc) as snapshot_at_utc
    from {{ ref('fct_realtime_adherence') }}
    group by org_key
),

realtime as (
    select
        'realtime' as source,
        snapshots.realtime_adherence_key as outlier_key,
        snapshots.org_key,
        snapshots.canonical_agent_id,
        snapshots.user_id,
        snapshots.management_unit_id,
        cast({{ to_local('snapshots.adherence_changed_at_utc', "coalesce(agents.time_zone, 'UTC')") }} as date)
            as local_date,
        snapshots.adherence_changed_at_utc as start_utc,
        cast(null as {{ dbt.type_timestamp() }}) as end_utc,
        snapshots.scheduled_category,
        snapshots.actual_category,
        cast(
            {{ minutes_between('snapshots.adherence_changed_at_utc', 'snapshots.snapshot_at_utc') }}
            as {{ type_double() }}
        ) as minutes_out,
        snapshots.impact
    from {{ ref('fct_realtime_adherence') }} as snapshots
    inner join latest_snapshots
        on snapshots.org_key = latest_snapshots.org_key and snapshots.snapshot_at_utc = latest_snapshots.snapshot_at_utc
    left join agents on snapshots.canonical_agent_id = agents.canonical_agent_id
    cross join threshold
    where
        snapshots.adherence_state = 'OutOfAdherence'
        and {{ minutes_between('snapshots.adherence_changed_at_utc', 'snapshots.snapshot_at_utc') }}
        >= threshold.minutes
),

outliers as (
    select * from historical
    union all
    select * from realtime
),

ranked as (
    select
        outliers.*,
        row_number() over (
            order by
                outliers.minutes_out desc,
                case outliers.impact when 'Negative' then 1 when 'Unknown' then 2 when 'Neutral' then 3 else 4 end,
                outliers.start_utc asc,
                outliers.outlier_key asc
        ) as outlier_rank
    from outliers
)

select
    ranked.outlier_rank,
    ranked.outlier_key,
    ranked.source,
    ranked.org_key,
    orgs.region,
    ranked.canonical_agent_id,
    agents.display_name,
    ranked.user_id,
    ranked.management_unit_id,
    ranked.local_date,
    ranked.start_utc,
    ranked.end_utc,
    ranked.scheduled_category,
    ranked.actual_category,
    ranked.minutes_out,
    ranked.impact
from ranked
left join orgs on ranked.org_key = orgs.org_key
left join agents on ranked.canonical_agent_id = agents.canonical_agent_id
order by ranked.outlier_rank
