-- Forecast vs actual offered contacts and AHT per org, business unit, planning group and business-unit
-- local date (grain 'day') and schedule week (grain 'week'), over the days whose volume was extracted in full.
-- Actuals: the planning group's route paths (queue + media type) in fct_interaction_volume, on the same
-- 15-minute UTC intervals as the forecast. Formulas in _reports__models.yml.
with business_units as (
    select
        org_key,
        business_unit_id,
        name as business_unit_name,
        time_zone
    from {{ ref('dim_business_unit') }}
),

planning_groups as (
    select
        org_key,
        planning_group_id,
        name as planning_group_name,
        media_types
    from {{ ref('dim_planning_group') }}
),

route_paths as (
    select
        org_key,
        planning_group_id,
        queue_id,
        media_type
    from {{ ref('dim_planning_group_queue') }}
),

forecasts as (
    select * from {{ ref('fct_forecast_interval') }}
    where is_in_use
),

actual as (
    select
        route_paths.org_key,
        route_paths.planning_group_id,
        volume.interval_start_utc,
        sum(volume.offered) as offered,
        sum(volume.handled) as handled,
        sum(volume.handle_seconds) as handle_seconds
    from {{ ref('fct_interaction_volume') }} as volume
    inner join route_paths
        on
            volume.org_key = route_paths.org_key and volume.queue_id = route_paths.queue_id
            and volume.media_type = route_paths.media_type
    where volume.is_inbound
    group by route_paths.org_key, route_paths.planning_group_id, volume.interval_start_utc
),

coverage as (
    select
        org_key,
        cast(min(utc_date) as {{ dbt.type_timestamp() }}) as coverage_start_utc,
        cast({{ dbt.dateadd('day', 1, 'max(utc_date)') }} as {{ dbt.type_timestamp() }}) as coverage_end_utc
    from {{ ref('fct_interaction_volume') }}
    group by org_key
),

intervals as (
    select
        forecasts.org_key,
        forecasts.business_unit_id,
        forecasts.planning_group_id,
        forecasts.week_date,
        cast({{ to_local('forecasts.interval_start_utc', 'business_units.time_zone') }} as date) as local_date,
        business_units.time_zone,
        cast(forecasts.offered_forecast as {{ type_double() }}) as offered_forecast,
        cast(forecasts.offered_forecast as {{ type_double() }})
        * cast(forecasts.aht_seconds_forecast as {{ type_double() }})
            as workload_seconds_forecast,
        coalesce(actual.offered, 0) as offered_actual,
        coalesce(actual.handled, 0) as handled_actual,
        coalesce(actual.handle_seconds, 0) as handle_seconds_actual,
        coverage.coverage_start_utc,
        coverage.coverage_end_utc
    from forecasts
    inner join business_units
        on forecasts.org_key = business_units.org_key and forecasts.business_unit_id = business_units.business_unit_id
    inner join coverage
        on
            forecasts.org_key = coverage.org_key
            and forecasts.interval_start_utc >= coverage.coverage_start_utc
            and forecasts.interval_start_utc < coverage.coverage_end_utc
    left join actual
        on
            forecasts.org_key = actual.org_key and forecasts.planning_group_id = actual.planning_group_id
            and forecasts.interval_start_utc = actual.interval_start_utc
),

complete_day_intervals as (
    select *
    from intervals
    where
        {{ local_midnight_utc('local_date', 'time_zone') }} >= coverage_start_utc
        and {{ local_midnight_utc(dbt.dateadd('day', 1, 'local_date'), 'time_zone') }} <= coverage_end_utc
),

days as (
    select
        org_key,
        business_unit_id,
        planning_group_id,
        week_date,
        local_date,
        count(*) as intervals,
        -- the 15-minute intervals of the local day (92 on a 23-hour day, 100 on a 25-hour one)
        cast(
            {{ minutes_between(local_midnight_utc('local_date', 'time_zone'),
                               local_midnight_utc(dbt.dateadd('day', 1, 'local_date'), 'time_zone')) }} / 15
            as {{ dbt.type_int() }}
        ) as intervals_expected,
        sum(offered_forecast) as offered_forecast,
        sum(offered_actual) as offered_actual,
        sum(workload_seconds_forecast) as workload_seconds_forecast,
        sum(handled_actual) as handled_actual,
        sum(handle_seconds_actual) as handle_seconds_actual,
        sum(abs(offered_forecast - offered_actual)) as interval_abs_error,
        sum(case when offered_actual > 0 then abs(offered_forecast - offered_actual) / offered_actual end)
            as interval_ape_sum,
        sum(case when offered_actual > 0 then 1 else 0 end) as intervals_with_actual
    from complete_day_intervals
    group by org_key, business_unit_id, planning_group_id, week_date, local_date, time_zone
),

{%- set grains = [('day', 'local_date'), ('week', 'week_date')] %}

periods as (
    {%- for grain, period in grains %}
        select
            '{{ grain }}' as grain,
            org_key,
            business_unit_id,
            planning_group_id,
            week_date,
            {{ period }} as date,
            count(*) as days,
            sum(case when intervals = intervals_expected then 1 else 0 end) as complete_days,
            sum(intervals) as intervals,
            sum(intervals_expected) as intervals_expected,
            sum(offered_forecast) as offered_forecast,
            sum(offered_actual) as offered_actual,
            sum(workload_seconds_forecast) as workload_seconds_forecast,
            sum(handled_actual) as handled_actual,
            sum(handle_seconds_actual) as handle_seconds_actual,
            sum(interval_abs_error) as interval_abs_error,
            sum(interval_ape_sum) as interval_ape_sum,
            sum(intervals_with_actual) as intervals_with_actual,
            sum(abs(offered_forecast - offered_actual)) as day_abs_error,
            sum(case when offered_actual > 0 then abs(offered_forecast - offered_actual) / offered_actual end)
                as day_ape_sum,
            sum(case when offered_actual > 0 then 1 else 0 end) as days_with_actual
        from days
        group by org_key, business_unit_id, planning_group_id, week_date, {{ period }}
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
)

select
    {{ dbt.concat(["periods.grain", "':'", "periods.org_key", "':'", "periods.planning_group_id", "':'",
                   "cast(periods.date as " ~ dbt.type_string() ~ ")"]) }} as forecast_accuracy_key,
    periods.grain,
    periods.org_key,
    periods.business_unit_id,
    business_units.business_unit_name,
    periods.planning_group_id,
    planning_groups.planning_group_name,
    planning_groups.media_types as media_type,
    periods.week_date,
    periods.date,
    periods.days,
    periods.complete_days,
    periods.intervals,
    periods.intervals_expected,
    -- every local interval of the period has a forecast (a 25-hour day's last hour may be in no forecast)
    periods.intervals = periods.intervals_expected as is_complete,
    periods.offered_forecast,
    periods.offered_actual,
    periods.offered_forecast - periods.offered_actual as offered_error,
    case when periods.offered_forecast > 0 then periods.workload_seconds_forecast / periods.offered_forecast end
        as aht_seconds_forecast,
    case when periods.handled_actual > 0 then periods.handle_seconds_actual / periods.handled_actual end
        as aht_seconds_actual,
    case
        when periods.offered_forecast > 0 and periods.handled_actual > 0
            then
                (periods.workload_seconds_forecast / periods.offered_forecast)
                / (periods.handle_seconds_actual / periods.handled_actual) - 1
    end as aht_error_pct,
    case when periods.intervals_with_actual > 0 then periods.interval_ape_sum / periods.intervals_with_actual end
        as interval_mape,
    case when periods.offered_actual > 0 then periods.interval_abs_error / periods.offered_actual end
        as interval_wape,
    case when periods.days_with_actual > 0 then periods.day_ape_sum / periods.days_with_actual end as day_mape,
    case when periods.offered_actual > 0 then periods.day_abs_error / periods.offered_actual end as day_wape,
    case
        when periods.offered_actual > 0
            then (periods.offered_forecast - periods.offered_actual) / periods.offered_actual
    end as bias
from periods
left join business_units
    on periods.org_key = business_units.org_key and periods.business_unit_id = business_units.business_unit_id
left join planning_groups
    on periods.org_key = planning_groups.org_key and periods.planning_group_id = planning_groups.planning_group_id
order by periods.grain, periods.org_key, planning_groups.planning_group_name, periods.date
