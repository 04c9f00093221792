-- Every account ever seen, with the business unit and time zone it belongs to. An account is a user of an
-- org: every user GET /api/v2/users ever returned (all scd2 versions, described by the latest), and every
-- user id that schedules, time off or adherence name although /users never returned it (deleted before its
-- first load). An account /users no longer returns is vanished: dlt's scd2 closed its last version, and it
-- keeps its history. Its business unit: its management unit's, else where it was last scheduled, else the
-- org's first.
with versions as (
    select
        *,
        min(valid_from_utc) over (partition by account_key) as first_seen_utc
    from {{ ref('stg_genesys__users') }}
),

listed as (
    select
        account_key,
        org_id,
        org_key,
        region,
        user_id,
        display_name,
        email,
        email_normalized,
        employee_id,
        state,
        hire_date,
        first_seen_utc,
        valid_to_utc is not null as is_vanished,
        valid_to_utc as vanished_at_utc
    from versions
    where is_latest
),

{%- set activity = [
    'stg_genesys__schedule_activities', 'stg_genesys__full_day_time_off', 'stg_genesys__time_off_requests',
    'stg_genesys__adherence_day_metrics', 'stg_genesys__adherence_exceptions', 'stg_genesys__management_unit_users'
] %}

referenced as (
    {%- for model in activity %}
        select distinct
            org_key,
            user_id
        from {{ ref(model) }}
        where user_id is not null
        {% if not loop.last %}union{% endif %}
    {%- endfor %}
),

unlisted as (
    select
        {{ colon_key(["referenced.org_key", "referenced.user_id"]) }} as account_key,
        orgs.org_id,
        referenced.org_key,
        orgs.region,
        referenced.user_id,
        cast(null as {{ dbt.type_string() }}) as display_name,
        cast(null as {{ dbt.type_string() }}) as email,
        cast(null as {{ dbt.type_string() }}) as email_normalized,
        cast(null as {{ dbt.type_string() }}) as employee_id,
        cast(null as {{ dbt.type_string() }}) as state,
        cast(null as date) as hire_date,
        cast(null as {{ dbt.type_timestamp() }}) as first_seen_utc,
        true as is_vanished,
        cast(null as {{ dbt.type_timestamp() }}) as vanished_at_utc
    from referenced
    left join {{ ref('stg_genesys__organizations') }} as orgs on referenced.org_key = orgs.org_key
    left join listed on referenced.org_key = listed.org_key and referenced.user_id = listed.user_id
    where listed.account_key is null
),

accounts as (
    select * from listed
    union all
    select * from unlisted
),

memberships as (
    select
        members.org_key,
        members.user_id,
        min(members.management_unit_id) as management_unit_id,
        min(units.business_unit_id) as business_unit_id
    from {{ ref('stg_genesys__management_unit_users') }} as members
    inner join {{ ref('stg_genesys__management_units') }} as units
        on
            members.org_key = units.org_key and members.management_unit_id = units.management_unit_id
            and units.is_latest
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
    where is_current
    group by org_key
),

located as (
    select
        accounts.*,
        memberships.management_unit_id,
        coalesce(accounts.state = 'active' and not accounts.is_vanished, false) as is_active,
        coalesce(memberships.business_unit_id, last_scheduled.business_unit_id, org_default.business_unit_id)
            as business_unit_id
    from accounts
    left join memberships on accounts.org_key = memberships.org_key and accounts.user_id = memberships.user_id
    left join last_scheduled on accounts.org_key = last_scheduled.org_key and accounts.user_id = last_scheduled.user_id
    left join org_default on accounts.org_key = org_default.org_key
)

select
    located.*,
    business_units.time_zone as business_unit_time_zone
from located
left join {{ ref('stg_genesys__business_units') }} as business_units
    on
        located.org_key = business_units.org_key and located.business_unit_id = business_units.business_unit_id
        and business_units.is_latest
