-- Staffing and occupancy per work team and local day (each member's own time zone): members, members scheduled,
-- scheduled on-queue hours, and occupancy = INTERACTING / (INTERACTING + COMMUNICATING + IDLE) routing-status
-- time of the members (Genesys' definition; the user aggregates' tAgentRoutingStatus, hourly).
with members as (
    select * from {{ ref('fct_team_member') }}
),

scheduled as (
    select
        members.team_key,
        activities.local_date,
        count(distinct activities.canonical_agent_id) as agents_scheduled,
        sum(case when activities.is_on_queue then activities.minutes else 0 end) / 60.0 as scheduled_on_queue_hours
    from {{ ref('fct_schedule_activity') }} as activities
    inner join members on activities.org_key = members.org_key and activities.user_id = members.user_id
    group by members.team_key, activities.local_date
),

routing as (
    select
        members.team_key,
        cast({{ to_local('presence.interval_start_utc', 'agents.time_zone') }} as date) as local_date,
        sum(case when presence.qualifier = 'INTERACTING' then presence.seconds else 0 end) as interacting_seconds,
        sum(case when presence.qualifier in ('INTERACTING', 'COMMUNICATING', 'IDLE') then presence.seconds else 0 end)
            as available_seconds
    from {{ ref('fct_user_presence_interval') }} as presence
    inner join members on presence.org_key = members.org_key and presence.user_id = members.user_id
    left join {{ ref('dim_agent') }} as agents on presence.canonical_agent_id = agents.canonical_agent_id
    where presence.metric = 'tAgentRoutingStatus'
    group by members.team_key, cast({{ to_local('presence.interval_start_utc', 'agents.time_zone') }} as date)
),

sizes as (
    select
        team_key,
        max(org_key) as org_key,
        max(team_name) as team_name,
        count(*) as members
    from members
    group by team_key
)

select
    {{ colon_key(["scheduled.team_key", "cast(scheduled.local_date as " ~ dbt.type_string() ~ ")"]) }}
        as team_day_key,
    sizes.org_key,
    scheduled.team_key,
    sizes.team_name,
    scheduled.local_date,
    sizes.members,
    scheduled.agents_scheduled,
    scheduled.scheduled_on_queue_hours,
    1.0 * routing.interacting_seconds / nullif(routing.available_seconds, 0) as occupancy_pct
from scheduled
inner join sizes on scheduled.team_key = sizes.team_key
left join routing on scheduled.team_key = routing.team_key and scheduled.local_date = routing.local_date
