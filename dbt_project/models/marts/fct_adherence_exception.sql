with exceptions as (
    select * from {{ ref('stg_genesys__adherence_exceptions') }}
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
    exceptions.adherence_exception_key,
    exceptions.org_key,
    identity.canonical_agent_id,
    exceptions.user_id,
    exceptions.management_unit_id,
    exceptions.start_utc,
    exceptions.end_utc,
    {{ minutes_between('exceptions.start_utc', 'exceptions.end_utc') }} as minutes,
    cast({{ to_local('exceptions.start_utc', 'identity.person_time_zone') }} as date) as local_date,
    exceptions.scheduled_category,
    exceptions.actual_category,
    exceptions.impact,
    exceptions.system_presence,
    exceptions.routing_status
from exceptions
left join identity on exceptions.org_key = identity.org_key and exceptions.user_id = identity.user_id
