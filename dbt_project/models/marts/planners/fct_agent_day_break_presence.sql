-- Per person and local day (every org combined): the scheduled break and meal minutes against the minutes the
-- person spent in presences that belong to Break or Meal (tOrganizationPresence of the user aggregates: the
-- qualifier is a presence definition id, so a secondary presence such as "Coffee break" counts as Break).
-- overrun_minutes = presence minutes - scheduled minutes, per category, on days with organization-presence data
-- (hourly aggregates: a day's total, not a single break; fct_break_overrun has each break).
with presence as (
    select
        intervals.canonical_agent_id,
        cast({{ to_local('intervals.interval_start_utc', 'agent.time_zone') }} as date) as local_date,
        definitions.system_presence as category,
        sum(intervals.seconds) / 60.0 as presence_minutes
    from {{ ref('fct_user_presence_interval') }} as intervals
    inner join {{ ref('dim_presence_definition') }} as definitions
        on intervals.org_key = definitions.org_key and intervals.qualifier = definitions.presence_definition_id
    left join {{ ref('dim_agent') }} as agent on intervals.canonical_agent_id = agent.canonical_agent_id
    where intervals.metric = 'tOrganizationPresence' and definitions.system_presence in ('Break', 'Meal')
    group by
        intervals.canonical_agent_id,
        cast({{ to_local('intervals.interval_start_utc', 'agent.time_zone') }} as date),
        definitions.system_presence
),

scheduled as (
    select
        canonical_agent_id,
        local_date,
        category,
        sum(minutes) as scheduled_minutes
    from {{ ref('fct_schedule_activity') }}
    where category in ('Break', 'Meal')
    group by canonical_agent_id, local_date, category
)

select
    {{ colon_key([
        "presence.canonical_agent_id", "cast(presence.local_date as " ~ dbt.type_string() ~ ")", "presence.category"
    ]) }} as agent_day_category_key,
    presence.canonical_agent_id,
    presence.local_date,
    presence.category,
    coalesce(scheduled.scheduled_minutes, 0) as scheduled_minutes,
    presence.presence_minutes,
    presence.presence_minutes - coalesce(scheduled.scheduled_minutes, 0) as overrun_minutes
from presence
left join scheduled
    on
        presence.canonical_agent_id = scheduled.canonical_agent_id
        and presence.local_date = scheduled.local_date
        and presence.category = scheduled.category
