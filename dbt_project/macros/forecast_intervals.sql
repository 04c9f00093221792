{#- A CTE `name` with the forecast intervals in use: one forecast per business-unit week, the one its
    published schedule was built from (else the latest forecast id), so a re-forecast week counts once; and
    only the intervals inside that week in the unit's local time: a forecast holds 7 x 96 intervals from local
    midnight, so after a 23-hour DST day its last hour belongs to (and is forecast by) the next week. -#}
{% macro forecast_intervals_in_use(name) -%}
{{ name }}_chosen as (
    select forecasts.org_key, forecasts.forecast_id
    from (
        select
            forecasts.org_key,
            forecasts.forecast_id,
            row_number() over (
                partition by forecasts.org_key, forecasts.business_unit_id, forecasts.week_date
                order by case when schedules.forecast_id is not null then 0 else 1 end, forecasts.forecast_id desc
            ) as preference
        from {{ ref('stg_genesys__forecasts') }} as forecasts
        left join (
            select distinct org_key, forecast_id from {{ ref('stg_genesys__schedules') }}
        ) as schedules
            on schedules.org_key = forecasts.org_key and schedules.forecast_id = forecasts.forecast_id
    ) as forecasts
    where preference = 1
),

{{ name }} as (
    select intervals.*
    from {{ ref('fct_forecast_interval') }} as intervals
    inner join {{ name }}_chosen
        on {{ name }}_chosen.org_key = intervals.org_key and {{ name }}_chosen.forecast_id = intervals.forecast_id
    inner join {{ ref('stg_genesys__business_units') }} as units
        on units.org_key = intervals.org_key and units.business_unit_id = intervals.business_unit_id
    where intervals.interval_start_utc
        < {{ local_midnight_utc(dbt.dateadd('day', 7, 'intervals.week_date'), 'units.time_zone') }}
)
{%- endmacro %}
