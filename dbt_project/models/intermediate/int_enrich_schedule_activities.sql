-- Current scheduled activities with their activity code (category, name key, shrinkage flags) and the person's
-- canonical id and local time (the person's one time zone, DST-correct). local_date is the person's local date
-- of the SHIFT's start, as Genesys dates a shift: every activity of an overnight shift stays on the day it began.
with activities as (
    select * from {{ ref('stg_genesys__schedule_activities') }}
    where is_current
),

codes as (
    select * from {{ ref('stg_genesys__activity_codes') }}
    where is_latest
),

identity as (
    select
        org_key,
        user_id,
        canonical_agent_id,
        person_time_zone
    from {{ ref('int_resolve_agent_identity') }}
)

select
    activities.schedule_activity_key,
    activities.org_key,
    identity.canonical_agent_id,
    activities.user_id,
    activities.business_unit_id,
    activities.management_unit_id,
    activities.schedule_id,
    activities.week_date,
    activities.shift_id,
    activities.shift_start_utc,
    activities.activity_code_id,
    codes.activity_name,
    codes.activity_name_key,
    codes.category,
    activities.start_utc,
    activities.end_utc,
    activities.minutes,
    {{ to_local('activities.start_utc', 'identity.person_time_zone') }} as start_local,
    cast({{ to_local('activities.shift_start_utc', 'identity.person_time_zone') }} as date) as local_date,
    identity.person_time_zone,
    coalesce(activities.is_paid, codes.counts_as_paid_time, false) as is_paid,
    codes.category = 'OnQueueWork' as is_on_queue,
    codes.category = 'TimeOff' as is_time_off,
    coalesce(codes.counts_as_work_time, false) as counts_as_work_time,
    coalesce(codes.counts_toward_shrinkage, false) as counts_toward_shrinkage,
    coalesce(codes.counts_toward_shrinkage and codes.planned_shrinkage, false) as is_planned_shrinkage,
    coalesce(codes.counts_toward_shrinkage and not codes.planned_shrinkage, false) as is_unplanned_shrinkage,
    activities.is_manually_edited,
    activities.time_off_request_id
from activities
left join codes
    on
        activities.org_key = codes.org_key
        and activities.business_unit_id = codes.business_unit_id
        and activities.activity_code_id = codes.activity_code_id
left join identity on activities.org_key = identity.org_key and activities.user_id = identity.user_id
