-- Every account (current version of each user) with the business unit and time zone it belongs to:
-- its management unit's business unit, else where it was last scheduled, else the org's first unit.
with users as (
    select * from {{ ref('stg_genesys__users') }}
    where is_current
),

memberships as (
    select
        members.org_key,
        members.user_id,
        min(members.management_unit_id) as management_unit_id,
        min(units.business_unit_id) as business_unit_id
    from {{ ref('stg_genesys__management_unit_users') }} as members
    inner join {{ ref('stg_genesys__management_units') }} as units
        on members.org_key = units.org_key and members.management_unit_id = units.management_unit_id
    group by members.org_key, members.user_id
),

last_scheduled as (
    select
        org_key,
        user_id,
        max(business_unit_id) as business_unit_id
    from {{ ref('stg_genesys__schedule_activities') }}
    group by org_key, user_id
),

org_default as (
    select
        org_key,
        min(business_unit_id) as business_unit_id
    from {{ ref('stg_genesys__business_units') }}
    group by org_key
),

located as (
    select
        users.account_key,
        users.org_id,
        users.org_key,
        users.region,
        users.user_id,
        users.display_name,
        users.email,
        users.email_normalized,
        users.employee_id,
        users.state,
        users.is_active,
        users.hire_date,
        users.valid_from_utc as observed_from_utc,
        memberships.management_unit_id,
        coalesce(memberships.business_unit_id, last_scheduled.business_unit_id, org_default.business_unit_id)
            as business_unit_id
    from users
    left join memberships on users.org_key = memberships.org_key and users.user_id = memberships.user_id
    left join last_scheduled on users.org_key = last_scheduled.org_key and users.user_id = last_scheduled.user_id
    left join org_default on users.org_key = org_default.org_key
)

select
    located.*,
    business_units.time_zone as business_unit_time_zone
from located
left join {{ ref('stg_genesys__business_units') }} as business_units
    on located.org_key = business_units.org_key and located.business_unit_id = business_units.business_unit_id
