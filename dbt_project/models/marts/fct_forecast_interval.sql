select
    forecast_interval_key,
    org_key,
    business_unit_id,
    planning_group_id,
    forecast_id,
    week_date,
    interval_index,
    interval_start_utc,
    interval_minutes,
    offered_forecast,
    aht_seconds_forecast
from {{ ref('stg_genesys__forecast_intervals') }}
