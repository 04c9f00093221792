-- Volume per queue group, media type and UTC date over the last var('history_weeks') weeks of data: queues
-- of every org that serve the same work pooled (seed queue_groups, else the normalized queue name).
-- blended_aht_seconds = sum(handle seconds) / sum(handled). Every group and media type has a row for
-- every date in the window (zero-filled), the shape a forecast engine expects.
with volume as (
    select * from {{ ref('fct_interaction_volume') }}
),

mapping as (
    select
        org_key,
        {{ name_key('queue_name') }} as queue_name_key,
        min(queue_group) as queue_group
    from {{ ref('queue_groups') }}
    group by org_key, {{ name_key('queue_name') }}
),

queues as (
    select
        dim_queue.queue_key,
        coalesce(mapping.queue_group, dim_queue.name_key) as queue_group
    from {{ ref('dim_queue') }} as dim_queue
    left join mapping on dim_queue.org_key = mapping.org_key and dim_queue.name_key = mapping.queue_name_key
),

history_window as (
    select
        cast({{ dbt.dateadd('day', -7 * (var('history_weeks') | int) + 1, 'max(utc_date)') }} as date) as first_date,
        max(utc_date) as last_date
    from volume
),

grouped as (
    select
        volume.media_type,
        volume.utc_date,
        volume.org_key,
        volume.queue_key,
        volume.offered,
        volume.handled,
        volume.abandoned,
        volume.handle_seconds,
        coalesce(queues.queue_group, volume.queue_key) as queue_group
    from volume
    cross join history_window
    left join queues on volume.queue_key = queues.queue_key
    where volume.utc_date between history_window.first_date and history_window.last_date
),

daily as (
    select
        queue_group,
        media_type,
        utc_date,
        {{ sorted_list_agg('org_key') }} as org_keys,
        count(distinct queue_key) as queues,
        sum(offered) as offered,
        sum(handled) as handled,
        sum(abandoned) as abandoned,
        sum(handle_seconds) as handle_seconds
    from grouped
    group by queue_group, media_type, utc_date
),

series as (
    select distinct
        queue_group,
        media_type
    from grouped
),

dates as (
    select distinct utc_date from grouped
)

select
    series.queue_group,
    series.media_type,
    dates.utc_date as date,
    daily.org_keys,
    coalesce(daily.queues, 0) as queues,
    coalesce(daily.offered, 0) as offered,
    coalesce(daily.handled, 0) as handled,
    coalesce(daily.abandoned, 0) as abandoned,
    coalesce(daily.handle_seconds, 0) as handle_seconds,
    case when daily.handled > 0 then cast(daily.handle_seconds as {{ type_double() }}) / daily.handled end
        as blended_aht_seconds
from series
cross join dates
left join daily
    on
        series.queue_group = daily.queue_group and series.media_type = daily.media_type
        and dates.utc_date = daily.utc_date
order by series.queue_group, series.media_type, dates.utc_date
