-- Full-day time off in the published schedules, one row per account, business-unit date and code, with its
-- code's shrinkage flags (countsTowardShrinkage and plannedShrinkage).
with codes as (
    select * from {{ ref('stg_genesys__activity_codes') }}
    where is_latest
)

select
    markers.full_day_time_off_key,
    markers.org_key,
    identity.canonical_agent_id,
    markers.user_id,
    markers.business_unit_id,
    markers.management_unit_id,
    markers.week_date,
    markers.business_unit_date,
    markers.activity_code_id,
    {{ colon_key(["markers.org_key", "markers.business_unit_id", "markers.activity_code_id"]) }} as activity_code_key,
    markers.minutes,
    markers.is_paid,
    markers.payable_minutes,
    markers.time_off_request_id,
    coalesce(codes.counts_toward_shrinkage and codes.planned_shrinkage, false) as is_planned_shrinkage,
    coalesce(codes.counts_toward_shrinkage and not codes.planned_shrinkage, false) as is_unplanned_shrinkage
from {{ ref('stg_genesys__full_day_time_off') }} as markers
left join codes
    on
        markers.org_key = codes.org_key and markers.business_unit_id = codes.business_unit_id
        and markers.activity_code_id = codes.activity_code_id
{{ join_person('markers') }}
