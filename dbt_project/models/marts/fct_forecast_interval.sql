-- Forecast offered and AHT per planning group and 15-minute interval (UTC grid), every forecast loaded.
-- is_in_use marks the intervals reports use: one forecast per business-unit week, the one its published
-- schedule was built from (else the most recently modified forecast: metadata.dateModified, the id only breaking
-- a tie, since ids are random), so a re-forecast week counts once; and only the
-- intervals inside that week in the unit's local time: a forecast holds 7 x 96 intervals from local
-- midnight, so after a 23-hour DST day its last hour belongs to (and is forecast by) the next week.
with scheduled_forecasts as (
    select distinct
        org_key,
        forecast_id
    from {{ ref('stg_genesys__schedules') }}
),

forecasts as (
    select
        forecasts.org_key,
        forecasts.forecast_id,
        row_number() over (
            partition by forecasts.org_key, forecasts.business_unit_id, forecasts.week_date
            order by
                case when schedules.forecast_id is not null then 0 else 1 end,
                forecasts.modified_at_utc desc nulls last,
                forecasts.forecast_id desc
        ) as preference
    from {{ ref('stg_genesys__forecasts') }} as forecasts
    left join scheduled_forecasts as schedules
        on forecasts.org_key = schedules.org_key and forecasts.forecast_id = schedules.forecast_id
)

select
    intervals.forecast_interval_key,
    intervals.org_key,
    intervals.business_unit_id,
    intervals.planning_group_id,
    {{ colon_key(["intervals.org_key", "intervals.planning_group_id"]) }} as planning_group_key,
    intervals.forecast_id,
    intervals.week_date,
    intervals.interval_index,
    intervals.interval_start_utc,
    intervals.interval_minutes,
    intervals.offered_forecast,
    intervals.aht_seconds_forecast,
    coalesce(
        forecasts.preference = 1
        and intervals.interval_start_utc
        < {{ local_midnight_utc(dbt.dateadd('day', 7, 'intervals.week_date'), 'units.time_zone') }},
        false
    ) as is_in_use
from {{ ref('stg_genesys__forecast_intervals') }} as intervals
left join forecasts on intervals.org_key = forecasts.org_key and intervals.forecast_id = forecasts.forecast_id
left join {{ ref('stg_genesys__business_units') }} as units
    on intervals.org_key = units.org_key and intervals.business_unit_id = units.business_unit_id and units.is_latest
