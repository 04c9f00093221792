-- Genesys' forecast vs scheduled vs actual per planning group and business-unit day (from its intraday
-- monitoring): forecast and actual offered contacts, scheduled on-queue hours, and the forecast-weighted
-- predicted service level; forecast_error_pct = (actual - forecast) / forecast.
select
    {{ colon_key([
        "intervals.planning_group_key", "cast(intervals.business_unit_date as " ~ dbt.type_string() ~ ")", "intervals.media_type"
    ]) }} as intraday_day_key,
    intervals.org_key,
    intervals.planning_group_key,
    max(groups.name) as planning_group_name,
    intervals.business_unit_date,
    intervals.media_type,
    sum(intervals.forecast_offered) as forecast_offered,
    sum(coalesce(intervals.actual_offered, 0)) as actual_offered,
    sum(intervals.scheduled_on_queue_seconds) / 3600.0 as scheduled_on_queue_hours,
    sum(intervals.predicted_service_level_pct * intervals.forecast_offered)
    / nullif(sum(intervals.forecast_offered), 0) as predicted_service_level_pct,
    (sum(coalesce(intervals.actual_offered, 0)) - sum(intervals.forecast_offered))
    / nullif(sum(intervals.forecast_offered), 0) as forecast_error_pct
from {{ ref('fct_intraday_interval') }} as intervals
left join {{ ref('dim_planning_group') }} as groups on intervals.planning_group_key = groups.planning_group_key
group by intervals.org_key, intervals.planning_group_key, intervals.business_unit_date, intervals.media_type
