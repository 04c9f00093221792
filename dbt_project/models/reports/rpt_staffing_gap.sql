-- Required vs scheduled on-queue agents per org, planning group and forecast interval (formulas in
-- _reports__models.yml). Erlang C runs in SQL (macros/erlang_c.sql: a recursive CTE climbing n per
-- interval, nested in a subquery), so the model builds on every warehouse; tests/reports/erlang.py is its
-- Python twin, which the tests compare with it on every interval.
with forecasts as (
    select * from {{ ref('fct_forecast_interval') }}
    where is_in_use
),

planning_groups as (
    select
        org_key,
        planning_group_id,
        name as planning_group_name
    from {{ ref('dim_planning_group') }}
),

goals as (
    select
        org_key,
        planning_group_name,
        service_level_target,
        answer_time_seconds,
        shrinkage_pct
    from {{ ref('planning_group_service_goals') }}
),

load as (
    select
        {{ dbt.concat(["forecasts.org_key", "':'", "forecasts.planning_group_id", "':'",
                       "cast(forecasts.interval_start_utc as " ~ dbt.type_string() ~ ")"]) }} as row_key,
        forecasts.org_key,
        forecasts.business_unit_id,
        forecasts.planning_group_id,
        planning_groups.planning_group_name,
        forecasts.interval_start_utc,
        forecasts.interval_minutes,
        cast(coalesce(forecasts.offered_forecast, 0) as {{ type_double() }}) as offered_forecast,
        cast(coalesce(forecasts.aht_seconds_forecast, 0) as {{ type_double() }}) as aht_seconds,
        coalesce(org_goals.service_level_target, all_org_goals.service_level_target, {{ var('service_level_target') }})
            as service_level_target,
        coalesce(org_goals.answer_time_seconds, all_org_goals.answer_time_seconds, {{ var('answer_time_seconds') }})
            as answer_time_seconds,
        coalesce(org_goals.shrinkage_pct, all_org_goals.shrinkage_pct, {{ var('staffing_shrinkage_pct') }})
            as shrinkage_pct,
        case
            when forecasts.aht_seconds_forecast > 0
                then
                    cast(coalesce(forecasts.offered_forecast, 0) as {{ type_double() }})
                    * cast(forecasts.aht_seconds_forecast as {{ type_double() }}) / (forecasts.interval_minutes * 60.0)
            else 0
        end as traffic
    from forecasts
    left join planning_groups
        on
            forecasts.org_key = planning_groups.org_key
            and forecasts.planning_group_id = planning_groups.planning_group_id
    left join goals as org_goals
        on forecasts.org_key = org_goals.org_key and planning_groups.planning_group_name = org_goals.planning_group_name
    left join goals as all_org_goals
        on all_org_goals.org_key is null and planning_groups.planning_group_name = all_org_goals.planning_group_name
),

erlang as (
    select * from {{ erlang_c_required_agents('load') }} as solved
),

integers as (
    {{ integers(2) }}
),

-- scheduled on-queue time of each business unit, per interval of the forecast grid
on_queue_slots as (
    select
        activities.org_key,
        activities.business_unit_id,
        {{ dbt.dateadd('minute', '15 * integers.n', floor_to_minutes('activities.start_utc', 15)) }} as slot_start_utc,
        activities.start_utc,
        activities.end_utc
    from {{ ref('fct_schedule_activity') }} as activities
    cross join integers
    where
        activities.is_on_queue
        and {{ dbt.dateadd('minute', '15 * integers.n', floor_to_minutes('activities.start_utc', 15)) }}
        < activities.end_utc
),

business_unit_on_queue as (
    select
        org_key,
        business_unit_id,
        slot_start_utc,
        sum(cast({{ minutes_between(
            'case when start_utc > slot_start_utc then start_utc else slot_start_utc end',
            'case when end_utc < ' ~ dbt.dateadd('minute', 15, 'slot_start_utc') ~ ' then end_utc else '
                ~ dbt.dateadd('minute', 15, 'slot_start_utc') ~ ' end') }} as {{ type_double() }})) / 15
            as on_queue_agents
    from on_queue_slots
    group by org_key, business_unit_id, slot_start_utc
),

business_unit_load as (
    select
        org_key,
        business_unit_id,
        interval_start_utc,
        sum(traffic) as traffic,
        count(*) as planning_groups
    from load
    group by org_key, business_unit_id, interval_start_utc
),

sized as (
    select
        load.*,
        coalesce(erlang.required_agents, 0) as required_agents,
        case when load.traffic > 0 then erlang.service_level end as predicted_service_level,
        coalesce(business_unit_on_queue.on_queue_agents, 0) as business_unit_on_queue_agents,
        case
            when business_unit_load.traffic > 0 then load.traffic / business_unit_load.traffic
            else cast(1 as {{ type_double() }}) / business_unit_load.planning_groups
        end as workload_share
    from load
    left join erlang on load.row_key = erlang.row_key
    left join business_unit_on_queue
        on
            load.org_key = business_unit_on_queue.org_key
            and load.business_unit_id = business_unit_on_queue.business_unit_id
            and load.interval_start_utc = business_unit_on_queue.slot_start_utc
    inner join business_unit_load
        on
            load.org_key = business_unit_load.org_key and load.business_unit_id = business_unit_load.business_unit_id
            and load.interval_start_utc = business_unit_load.interval_start_utc
)

select
    row_key as staffing_gap_key,
    org_key,
    business_unit_id,
    planning_group_id,
    planning_group_name,
    interval_start_utc,
    interval_minutes,
    offered_forecast,
    aht_seconds as aht_seconds_forecast,
    traffic as traffic_erlangs,
    service_level_target,
    answer_time_seconds,
    shrinkage_pct,
    required_agents,
    predicted_service_level,
    cast(ceil(required_agents / (1 - shrinkage_pct)) as {{ dbt.type_int() }}) as required_agents_with_shrinkage,
    business_unit_on_queue_agents,
    workload_share,
    business_unit_on_queue_agents * workload_share as scheduled_on_queue_agents,
    business_unit_on_queue_agents * workload_share - ceil(required_agents / (1 - shrinkage_pct)) as gap
from sized
order by org_key, planning_group_id, interval_start_utc
