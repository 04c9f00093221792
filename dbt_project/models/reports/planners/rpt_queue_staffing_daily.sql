-- Who could take each queue per UTC day: its joined members, how many of them were scheduled on queue, their
-- scheduled on-queue hours (a member of several queues counts for each: the hours that can serve this queue),
-- beside the contacts offered to and handled by it (interaction volume, UTC days).
with members as (
    select * from {{ ref('fct_queue_member') }}
    where is_joined
),

scheduled as (
    select
        members.queue_key,
        cast(activities.start_utc as date) as utc_date,
        count(distinct activities.canonical_agent_id) as members_scheduled,
        sum(activities.minutes) / 60.0 as member_on_queue_hours
    from {{ ref('fct_schedule_activity') }} as activities
    inner join members on activities.org_key = members.org_key and activities.user_id = members.user_id
    where activities.is_on_queue
    group by members.queue_key, cast(activities.start_utc as date)
),

volume as (
    select
        queue_key,
        utc_date,
        sum(offered) as offered,
        sum(handled) as handled
    from {{ ref('fct_interaction_volume') }}
    group by queue_key, utc_date
),

sizes as (
    select
        queue_key,
        max(org_key) as org_key,
        max(queue_name) as queue_name,
        count(*) as joined_members
    from members
    group by queue_key
)

select
    {{ colon_key(["scheduled.queue_key", "cast(scheduled.utc_date as " ~ dbt.type_string() ~ ")"]) }} as queue_day_key,
    sizes.org_key,
    scheduled.queue_key,
    sizes.queue_name,
    scheduled.utc_date,
    sizes.joined_members,
    scheduled.members_scheduled,
    scheduled.member_on_queue_hours,
    coalesce(volume.offered, 0) as offered,
    coalesce(volume.handled, 0) as handled
from scheduled
inner join sizes on scheduled.queue_key = sizes.queue_key
left join volume on scheduled.queue_key = volume.queue_key and scheduled.utc_date = volume.utc_date
