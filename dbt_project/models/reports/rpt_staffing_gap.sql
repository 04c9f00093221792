-- Forecast, required, scheduled and actual on-queue agents per org, planning group and forecast interval (15-minute
-- UTC grid; formulas in _reports__models.yml and docs/metrics.md). The requirement is Genesys' own staffing
-- requirement for the forecast in use (fct_staffing_requirement), the one its schedules are built to meet. Erlang C
-- (macros/erlang_c.sql: a recursive CTE climbing n per interval) is only a cross-check, for immediate media (voice,
-- callback, chat and messages, the last two handled var('chat_concurrency') at a time), against the planning
-- group's service goal template; deferred media (email, work items: answered within hours) get none.
{%- set immediate = "('voice', 'callback', 'chat', 'message')" %}
with forecasts as (
    select * from {{ ref('fct_forecast_interval') }}
    where is_in_use
),

planning_groups as (
    select
        groups.org_key,
        groups.planning_group_id,
        groups.name as planning_group_name,
        groups.media_types as media_type,
        templates.service_level_target,
        templates.service_level_seconds
    from {{ ref('dim_planning_group') }} as groups
    left join {{ ref('dim_service_goal_template') }} as templates
        on
            groups.org_key = templates.org_key
            and groups.service_goal_template_id = templates.service_goal_template_id
            and templates.service_level_include
),

requirements as (
    select
        org_key,
        forecast_id,
        planning_group_id,
        interval_start_utc,
        interval_minutes,
        required_staff
    from {{ ref('fct_staffing_requirement') }}
),

load as (
    select
        {{ dbt.concat(["forecasts.org_key", "':'", "forecasts.planning_group_id", "':'",
                       "cast(forecasts.interval_start_utc as " ~ dbt.type_string() ~ ")"]) }} as row_key,
        forecasts.org_key,
        forecasts.business_unit_id,
        forecasts.planning_group_id,
        planning_groups.planning_group_name,
        planning_groups.media_type,
        planning_groups.media_type in {{ immediate }} as is_immediate,
        forecasts.interval_start_utc,
        forecasts.interval_minutes,
        cast(coalesce(forecasts.offered_forecast, 0) as {{ type_double() }}) as offered_forecast,
        cast(coalesce(forecasts.aht_seconds_forecast, 0) as {{ type_double() }}) as aht_seconds,
        coalesce(planning_groups.service_level_target, {{ var('service_level_target') }}) as service_level_target,
        coalesce(planning_groups.service_level_seconds, {{ var('answer_time_seconds') }}) as answer_time_seconds,
        requirements.required_staff,
        case
            when forecasts.aht_seconds_forecast > 0
                then
                    cast(coalesce(forecasts.offered_forecast, 0) as {{ type_double() }})
                    * cast(forecasts.aht_seconds_forecast as {{ type_double() }}) / (forecasts.interval_minutes * 60.0)
            else 0
        end as workload_erlangs
    from forecasts
    left join planning_groups
        on
            forecasts.org_key = planning_groups.org_key
            and forecasts.planning_group_id = planning_groups.planning_group_id
    left join requirements
        on
            forecasts.org_key = requirements.org_key
            and forecasts.forecast_id = requirements.forecast_id
            and forecasts.planning_group_id = requirements.planning_group_id
            and forecasts.interval_start_utc >= requirements.interval_start_utc
            and forecasts.interval_start_utc
            < {{ dbt.dateadd('minute', 'requirements.interval_minutes', 'requirements.interval_start_utc') }}
),

-- the Erlang C cross-check's inputs: immediate media only, chat and messages at their concurrency
cross_check as (
    select
        row_key,
        aht_seconds,
        answer_time_seconds,
        service_level_target,
        workload_erlangs / case when media_type in ('chat', 'message') then {{ var('chat_concurrency') }} else 1 end
            as traffic
    from load
    where is_immediate
),

erlang as (
    select * from {{ erlang_c_required_agents('cross_check') }} as solved
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

-- actual on-queue time (routing status other than OFF_QUEUE) of each business unit's accounts, per 15-minute slot:
-- a presence interval longer than 15 minutes (30 by default) is spread evenly over its slots
business_unit_actual as (
    select
        presence.org_key,
        accounts.business_unit_id,
        {{ dbt.dateadd('minute', '15 * integers.n', 'presence.interval_start_utc') }} as slot_start_utc,
        sum(presence.seconds * 15.0 / presence.interval_minutes) / (15 * 60.0) as actual_agents
    from {{ ref('fct_user_presence_interval') }} as presence
    inner join {{ ref('dim_agent_account') }} as accounts
        on presence.org_key = accounts.org_key and presence.user_id = accounts.user_id
    cross join integers
    where
        presence.metric = 'tAgentRoutingStatus' and presence.qualifier <> 'OFF_QUEUE'
        and integers.n * 15 < presence.interval_minutes
    group by
        presence.org_key, accounts.business_unit_id,
        {{ dbt.dateadd('minute', '15 * integers.n', 'presence.interval_start_utc') }}
),

business_unit_load as (
    select
        org_key,
        business_unit_id,
        interval_start_utc,
        sum(coalesce(required_staff, 0)) as required_staff,
        count(*) as planning_groups
    from load
    group by org_key, business_unit_id, interval_start_utc
),

sized as (
    select
        load.*,
        erlang.required_agents as erlang_c_agents,
        erlang.service_level as erlang_c_service_level,
        coalesce(business_unit_on_queue.on_queue_agents, 0) as business_unit_on_queue_agents,
        business_unit_actual.actual_agents as business_unit_actual_agents,
        case
            when business_unit_load.required_staff > 0
                then coalesce(load.required_staff, 0) / business_unit_load.required_staff
            else cast(1 as {{ type_double() }}) / business_unit_load.planning_groups
        end as requirement_share
    from load
    left join erlang on load.row_key = erlang.row_key
    left join business_unit_on_queue
        on
            load.org_key = business_unit_on_queue.org_key
            and load.business_unit_id = business_unit_on_queue.business_unit_id
            and load.interval_start_utc = business_unit_on_queue.slot_start_utc
    left join business_unit_actual
        on
            load.org_key = business_unit_actual.org_key
            and load.business_unit_id = business_unit_actual.business_unit_id
            and load.interval_start_utc = business_unit_actual.slot_start_utc
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
    media_type,
    interval_start_utc,
    interval_minutes,
    offered_forecast,
    aht_seconds as aht_seconds_forecast,
    workload_erlangs,
    service_level_target,
    answer_time_seconds,
    required_staff as required_agents,
    business_unit_on_queue_agents,
    business_unit_actual_agents,
    requirement_share,
    case when is_immediate then coalesce(erlang_c_agents, 0) end as erlang_c_agents,
    case when is_immediate and erlang_c_agents is not null then erlang_c_service_level end as erlang_c_service_level,
    business_unit_on_queue_agents * requirement_share as scheduled_on_queue_agents,
    business_unit_actual_agents * requirement_share as actual_on_queue_agents,
    business_unit_on_queue_agents * requirement_share - required_staff as gap,
    business_unit_actual_agents * requirement_share - required_staff as actual_gap
from sized
order by org_key, planning_group_id, interval_start_utc
