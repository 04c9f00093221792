-- Forecast offered and AHT per planning group and 15-minute interval (UTC grid): every week of every forecast
-- loaded, each under the business-unit week it is for (week_number of a multi-week forecast). is_in_week, set
-- by the extraction (pipelines/genesys/weekly.py): the interval starts inside its week's local days; false for an
-- 8th day (768 values instead of 672) and, after a 23-hour DST day, for a forecast's last hour, which the next
-- week's forecast covers. Rows loaded before the extraction set it fall back to the same rule's upper bound.
-- is_in_use marks the intervals reports use: one forecast per business-unit week, the one its published schedule
-- was built from (else the most recently modified forecast: metadata.dateModified, the id only breaking a tie,
-- since ids are random), so a re-forecast week counts once, and only its in-week intervals, so no interval
-- counts twice.
with scheduled_forecasts as (
    select distinct
        org_key,
        forecast_id
    from {{ ref('stg_genesys__schedules') }}
),

forecast_weeks as (
    select distinct
        org_key,
        business_unit_id,
        week_date,
        forecast_id
    from {{ ref('stg_genesys__forecast_intervals') }}
),

ranked as (
    select
        forecast_weeks.org_key,
        forecast_weeks.business_unit_id,
        forecast_weeks.week_date,
        forecast_weeks.forecast_id,
        row_number() over (
            partition by forecast_weeks.org_key, forecast_weeks.business_unit_id, forecast_weeks.week_date
            order by
                case when schedules.forecast_id is not null then 0 else 1 end,
                forecasts.modified_at_utc desc nulls last,
                forecast_weeks.forecast_id desc
        ) as preference
    from forecast_weeks
    left join {{ ref('stg_genesys__forecasts') }} as forecasts
        on forecast_weeks.org_key = forecasts.org_key and forecast_weeks.forecast_id = forecasts.forecast_id
    left join scheduled_forecasts as schedules
        on forecast_weeks.org_key = schedules.org_key and forecast_weeks.forecast_id = schedules.forecast_id
),

flagged as (
    select
        intervals.*,
        coalesce(
            intervals.is_in_week,
            intervals.interval_start_utc
            < {{ local_midnight_utc(dbt.dateadd('day', 7, 'intervals.week_date'), 'units.time_zone') }},
            false
        ) as is_in_its_week
    from {{ ref('stg_genesys__forecast_intervals') }} as intervals
    left join {{ ref('stg_genesys__business_units') }} as units
        on intervals.org_key = units.org_key and intervals.business_unit_id = units.business_unit_id and units.is_latest
)

select
    flagged.forecast_interval_key,
    flagged.org_key,
    flagged.business_unit_id,
    flagged.planning_group_id,
    {{ colon_key(["flagged.org_key", "flagged.planning_group_id"]) }} as planning_group_key,
    flagged.forecast_id,
    flagged.week_date,
    flagged.week_number,
    flagged.interval_index,
    flagged.interval_start_utc,
    flagged.interval_minutes,
    flagged.offered_forecast,
    flagged.aht_seconds_forecast,
    flagged.is_in_its_week as is_in_week,
    coalesce(ranked.preference = 1 and flagged.is_in_its_week, false) as is_in_use
from flagged
left join ranked
    on
        flagged.org_key = ranked.org_key
        and flagged.business_unit_id = ranked.business_unit_id
        and flagged.week_date = ranked.week_date
        and flagged.forecast_id = ranked.forecast_id
