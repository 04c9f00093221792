-- Genesys' own intraday view per planning group, media type and interval (every org): its forecast, the
-- scheduled on-queue time and its predicted service level, occupancy and speed of answer; beside the contacts
-- actually offered to the planning group's queues in that interval (conversation aggregates: the intraday API has
-- no actuals). Only days Genesys had data for (intraday_days without a no_data_reason); a day re-read without data
-- leaves its old intervals out.
with days as (
    select * from {{ ref('stg_genesys__intraday_days') }}
    where no_data_reason is null
),

intervals as (
    select intervals.*
    from {{ ref('stg_genesys__intraday_intervals') }} as intervals
    inner join days
        on
            intervals.org_key = days.org_key
            and intervals.business_unit_id = days.business_unit_id
            and intervals.planning_group_id = days.planning_group_id
            and intervals.business_unit_date = days.business_unit_date
),

actual as (
    select
        paths.planning_group_key,
        paths.media_type,
        volume.interval_start_utc,
        sum(volume.offered) as offered
    from {{ ref('fct_interaction_volume') }} as volume
    inner join {{ ref('dim_planning_group_queue') }} as paths
        on volume.queue_key = paths.queue_key and volume.media_type = paths.media_type
    group by paths.planning_group_key, paths.media_type, volume.interval_start_utc
)

select
    intervals.intraday_interval_key,
    intervals.org_key,
    intervals.business_unit_id,
    {{ colon_key(["intervals.org_key", "intervals.planning_group_id"]) }} as planning_group_key,
    intervals.business_unit_date,
    intervals.media_type,
    intervals.interval_start_utc,
    intervals.interval_minutes,
    intervals.forecast_offered,
    intervals.forecast_average_handle_time_seconds,
    intervals.scheduled_on_queue_seconds,
    intervals.predicted_service_level_percent / 100.0 as predicted_service_level_pct,
    intervals.predicted_average_speed_of_answer_seconds,
    intervals.predicted_occupancy_percent / 100.0 as predicted_occupancy_pct,
    actual.offered as actual_offered
from intervals
left join actual
    on
        {{ colon_key(["intervals.org_key", "intervals.planning_group_id"]) }} = actual.planning_group_key
        and lower(intervals.media_type) = actual.media_type
        and intervals.interval_start_utc = actual.interval_start_utc
