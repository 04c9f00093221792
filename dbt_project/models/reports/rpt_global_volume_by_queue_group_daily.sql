-- Volume per queue group, media type and UTC date over the last var('history_weeks') weeks of data: queues
-- of every org that serve the same work pooled (seed queue_groups by exact queue name, else the queue's
-- name_key). blended_aht_seconds = sum(handle seconds) / sum(handled). A series (group and media type) has a
-- row for every date of the window on which the volume of each of its orgs was extracted, zero-filled: the
-- shape a forecast engine expects, with no zero standing in for a day that was not extracted.
with volume as (
    select * from {{ ref('fct_interaction_volume') }}
    where is_inbound
),

mapping as (
    select
        org_key,
        queue_name,
        min(queue_group) as queue_group
    from {{ ref('queue_groups') }}
    group by org_key, queue_name
),

queues as (
    select
        dim_queue.queue_key,
        coalesce(mapping.queue_group, nullif(dim_queue.name_key, ''), dim_queue.queue_key) as queue_group
    from {{ ref('dim_queue') }} as dim_queue
    left join mapping on dim_queue.org_key = mapping.org_key and dim_queue.name = mapping.queue_name
),

coverage as (
    {{ extracted_dates('volume', 'utc_date') }}
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

-- a series' dates: inside the window and inside the coverage of every org with volume in the series
series as (
    select
        series_orgs.queue_group,
        series_orgs.media_type,
        max(
            case
                when coverage.first_date > history_window.first_date then coverage.first_date
                else history_window.first_date
            end
        ) as first_date,
        min(coverage.last_date) as last_date
    from (select distinct queue_group, media_type, org_key from grouped) as series_orgs
    inner join coverage on series_orgs.org_key = coverage.org_key
    cross join history_window
    group by series_orgs.queue_group, series_orgs.media_type
),

series_dates as (
    {{ dates_between('series', 'first_date', 'last_date', ['queue_group', 'media_type']) }}
)

select
    series_dates.queue_group,
    series_dates.media_type,
    series_dates.date_day as date,
    daily.org_keys,
    coalesce(daily.queues, 0) as queues,
    coalesce(daily.offered, 0) as offered,
    coalesce(daily.handled, 0) as handled,
    coalesce(daily.abandoned, 0) as abandoned,
    coalesce(daily.handle_seconds, 0) as handle_seconds,
    case when daily.handled > 0 then cast(daily.handle_seconds as {{ type_double() }}) / daily.handled end
        as blended_aht_seconds
from series_dates
left join daily
    on
        series_dates.queue_group = daily.queue_group and series_dates.media_type = daily.media_type
        and series_dates.date_day = daily.utc_date
order by series_dates.queue_group, series_dates.media_type, series_dates.date_day
