-- Agents out of adherence for var('adherence_outlier_minutes') minutes or more, worst first:
-- historical runs out of adherence (fct_adherence_exception: Genesys splits an exception where the scheduled
-- activity changes, so exceptions of one account that touch, end to start, are one continuous run here) and agents
-- out of adherence right now (each org's latest real-time snapshot; minutes out = snapshot time - time of the
-- adherence change). A run's categories list every scheduled / actual category in it; its impact is the worst.
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

pieces as (
    select
        exceptions.*,
        case
            when lag(exceptions.end_utc) over (
                partition by exceptions.org_key, exceptions.user_id order by exceptions.start_utc
            ) = exceptions.start_utc then 0
            else 1
        end as starts_run
    from {{ ref('fct_adherence_exception') }} as exceptions
),

numbered as (
    select
        pieces.*,
        sum(pieces.starts_run) over (
            partition by pieces.org_key, pieces.user_id
            order by pieces.start_utc rows between unbounded preceding and current row
        ) as run_number
    from pieces
),

runs as (
    select
        org_key,
        user_id,
        run_number,
        min(adherence_exception_key) as outlier_key,
        min(canonical_agent_id) as canonical_agent_id,
        min(management_unit_id) as management_unit_id,
        min(local_date) as local_date,
        min(start_utc) as start_utc,
        max(end_utc) as end_utc,
        sum(minutes) as minutes,
        count(*) as exceptions,
        {{ sorted_list_agg('scheduled_category') }} as scheduled_category,
        {{ sorted_list_agg('actual_category') }} as actual_category,
        min(case impact when 'Negative' then 1 when 'Unknown' then 2 when 'Neutral' then 3 else 4 end) as impact_rank
    from numbered
    group by org_key, user_id, run_number
),

historical as (
    select
        'historical' as source,
        runs.outlier_key,
        runs.org_key,
        runs.canonical_agent_id,
        runs.user_id,
        runs.management_unit_id,
        runs.local_date,
        runs.start_utc,
        runs.end_utc,
        runs.scheduled_category,
        runs.actual_category,
        cast(runs.minutes as {{ type_double() }}) as minutes_out,
        case runs.impact_rank when 1 then 'Negative' when 2 then 'Unknown' when 3 then 'Neutral' else 'Positive' end
            as impact,
        runs.exceptions
    from runs
    cross join threshold
    where runs.minutes >= threshold.minutes
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
        snapshots.impact,
        1 as exceptions
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
    ranked.impact,
    ranked.exceptions
from ranked
left join orgs on ranked.org_key = orgs.org_key
left join agents on ranked.canonical_agent_id = agents.canonical_agent_id
order by ranked.outlier_rank
