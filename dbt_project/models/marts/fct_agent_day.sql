-- One row per person and local day on which they were employed (headcount) or scheduled:
-- scheduled, paid, on-queue and time-off minutes, and shrinkage minutes by category.
-- Shrinkage follows each activity code's own flags (Genesys' countsTowardShrinkage and plannedShrinkage):
-- planned = scheduled minutes (and full-day time off) of codes counting toward shrinkage as planned; unplanned
-- (scheduled) = of codes counting toward shrinkage as unplanned, such as sick leave. Days are shift days.
with activities as (
    select * from {{ ref('int_enrich_schedule_activities') }}
),

markers as (
    select
        markers.canonical_agent_id,
        markers.business_unit_date as local_date,
        markers.org_key,
        markers.minutes,
        markers.payable_minutes,
        markers.is_planned_shrinkage,
        markers.is_unplanned_shrinkage
    from {{ ref('fct_full_day_time_off') }} as markers
    where markers.canonical_agent_id is not null
),

days as (
    select distinct local_date from activities
),

accounts as (
    select
        accounts.canonical_agent_id,
        accounts.org_key,
        cast({{ to_local('accounts.valid_from_utc', 'identity.person_time_zone') }} as date) as valid_from_date,
        cast({{ to_local('accounts.valid_to_utc', 'identity.person_time_zone') }} as date) as valid_to_date
    from {{ ref('dim_agent_account') }} as accounts
    inner join {{ ref('int_resolve_agent_identity') }} as identity on accounts.account_key = identity.account_key
),

employed as (
    select
        accounts.canonical_agent_id,
        days.local_date,
        {{ sorted_list_agg('accounts.org_key') }} as employed_org_keys
    from accounts
    inner join days
        on
            accounts.valid_from_date <= days.local_date
            and (accounts.valid_to_date is null or accounts.valid_to_date >= days.local_date)
    group by accounts.canonical_agent_id, days.local_date
),

scheduled as (
    select
        canonical_agent_id,
        local_date,
        {{ sorted_list_agg('org_key') }} as scheduled_org_keys,
        sum(minutes) as scheduled_minutes,
        sum(case when is_paid then minutes else 0 end) as paid_minutes,
        sum(case when is_on_queue then minutes else 0 end) as on_queue_minutes,
        sum(case when is_time_off then minutes else 0 end) as partial_time_off_minutes,
        sum(case when category = 'Break' then minutes else 0 end) as break_minutes,
        sum(case when category = 'Meal' then minutes else 0 end) as meal_minutes,
        sum(case when category = 'Meeting' then minutes else 0 end) as meeting_minutes,
        sum(case when category = 'Training' then minutes else 0 end) as training_minutes,
        sum(case when category = 'OffQueueWork' then minutes else 0 end) as off_queue_minutes,
        sum(case when category = 'Unavailable' then minutes else 0 end) as unavailable_minutes,
        sum(case when is_planned_shrinkage then minutes else 0 end) as planned_shrinkage_minutes,
        sum(case when is_unplanned_shrinkage then minutes else 0 end) as unplanned_shrinkage_minutes
    from activities
    group by canonical_agent_id, local_date
),

full_days as (
    select
        canonical_agent_id,
        local_date,
        sum(minutes) as full_day_time_off_minutes,
        sum(payable_minutes) as paid_full_day_time_off_minutes,
        sum(case when is_planned_shrinkage then minutes else 0 end) as planned_shrinkage_minutes,
        sum(case when is_unplanned_shrinkage then minutes else 0 end) as unplanned_shrinkage_minutes
    from markers
    group by canonical_agent_id, local_date
),

agent_days as (
    select
        canonical_agent_id,
        local_date
    from employed
    union
    select
        canonical_agent_id,
        local_date
    from scheduled
    union
    select
        canonical_agent_id,
        local_date
    from full_days
)

select
    {{ dbt.concat([
        "agent_days.canonical_agent_id", "':'", "cast(agent_days.local_date as " ~ dbt.type_string() ~ ")"
    ]) }} as agent_day_key,
    agent_days.canonical_agent_id,
    agent_days.local_date,
    coalesce(scheduled.scheduled_org_keys, employed.employed_org_keys) as org_keys,
    employed.canonical_agent_id is not null as is_employed,
    coalesce(scheduled.scheduled_minutes, 0) as scheduled_minutes,
    coalesce(scheduled.paid_minutes, 0) + coalesce(full_days.paid_full_day_time_off_minutes, 0) as paid_minutes,
    coalesce(scheduled.on_queue_minutes, 0) as on_queue_minutes,
    coalesce(scheduled.partial_time_off_minutes, 0) + coalesce(full_days.full_day_time_off_minutes, 0)
        as time_off_minutes,
    coalesce(full_days.full_day_time_off_minutes, 0) as full_day_time_off_minutes,
    coalesce(scheduled.break_minutes, 0) as break_minutes,
    coalesce(scheduled.meal_minutes, 0) as meal_minutes,
    coalesce(scheduled.meeting_minutes, 0) as meeting_minutes,
    coalesce(scheduled.training_minutes, 0) as training_minutes,
    coalesce(scheduled.off_queue_minutes, 0) as off_queue_minutes,
    coalesce(scheduled.unavailable_minutes, 0) as unavailable_minutes,
    coalesce(scheduled.planned_shrinkage_minutes, 0) + coalesce(full_days.planned_shrinkage_minutes, 0)
        as planned_shrinkage_minutes,
    coalesce(scheduled.unplanned_shrinkage_minutes, 0) + coalesce(full_days.unplanned_shrinkage_minutes, 0)
        as unplanned_shrinkage_minutes
from agent_days
left join employed
    on agent_days.canonical_agent_id = employed.canonical_agent_id and agent_days.local_date = employed.local_date
left join scheduled
    on agent_days.canonical_agent_id = scheduled.canonical_agent_id and agent_days.local_date = scheduled.local_date
left join full_days
    on agent_days.canonical_agent_id = full_days.canonical_agent_id and agent_days.local_date = full_days.local_date
