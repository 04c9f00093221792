with requests as (
    select * from {{ ref('stg_genesys__time_off_requests') }}
),

identity as (
    select
        org_key,
        user_id,
        canonical_agent_id,
        person_time_zone
    from {{ ref('int_resolve_agent_identity') }}
),

codes as (
    select
        org_key,
        activity_code_id,
        min(activity_name_key) as activity_name_key
    from {{ ref('stg_genesys__activity_codes') }}
    where is_latest
    group by org_key, activity_code_id
),

unit_zone as (
    select
        units.org_key,
        units.management_unit_id,
        business_units.time_zone
    from {{ ref('stg_genesys__management_units') }} as units
    inner join {{ ref('stg_genesys__business_units') }} as business_units
        on units.org_key = business_units.org_key and units.business_unit_id = business_units.business_unit_id
    where units.is_latest and business_units.is_latest
)

select
    requests.time_off_request_key,
    requests.org_key,
    requests.request_id,
    identity.canonical_agent_id,
    requests.user_id,
    requests.management_unit_id,
    requests.status,
    requests.substatus,
    requests.is_full_day,
    requests.is_paid,
    codes.activity_name_key,
    requests.submitted_at_utc,
    requests.reviewed_at_utc,
    requests.modified_at_utc,
    -- full-day requests carry management-unit dates; partial ones a start instant (UTC)
    case
        when requests.is_full_day then cast({{ json_first('requests.full_day_dates') }} as date)
        else
            cast(
                {{ to_local(
                    to_utc_text(json_first('requests.partial_day_start_date_times')), 'unit_zone.time_zone'
                ) }} as date
            )
    end as start_local_date,
    case
        when requests.is_full_day then cast({{ json_last('requests.full_day_dates') }} as date)
        else
            cast(
                {{ to_local(
                    to_utc_text(json_last('requests.partial_day_start_date_times')), 'unit_zone.time_zone'
                ) }} as date
            )
    end as end_local_date,
    requests.minutes_per_day
from requests
left join identity on requests.org_key = identity.org_key and requests.user_id = identity.user_id
left join codes on requests.org_key = codes.org_key and requests.activity_code_id = codes.activity_code_id
left join
    unit_zone
    on requests.org_key = unit_zone.org_key and requests.management_unit_id = unit_zone.management_unit_id
