-- Full-day time off in the published schedules, one row per account, business-unit date and code.
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
    markers.time_off_request_id
from {{ ref('stg_genesys__full_day_time_off') }} as markers
{{ join_person('markers') }}
