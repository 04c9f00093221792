-- One canonical agent per person across orgs. Resolution order: the manual override seed, then
-- employerInfo.employeeId, then the email (lower-cased, trimmed) — an email owned by exactly one
-- employeeId joins that employee — then the org-qualified user id. Conflicts are listed in
-- int_agent_identity_conflicts, never merged. The home account (earliest hire date) gives the
-- person's time zone, unless the seed names one.
with accounts as (
    select * from {{ ref('int_locate_accounts') }}
),

overrides as (
    select
        org_key,
        user_id,
        canonical_agent_id,
        nullif(trim(time_zone), '') as time_zone
    from {{ ref('agent_identity_overrides') }}
),

employee_of_email as (
    select
        email_normalized,
        min(employee_id) as employee_id
    from accounts
    where employee_id is not null and email_normalized is not null
    group by email_normalized
    having count(distinct employee_id) = 1
),

keyed as (
    select
        accounts.*,
        overrides.canonical_agent_id as override_agent_id,
        overrides.time_zone as override_time_zone,
        case
            when overrides.canonical_agent_id is not null then 'override'
            when accounts.employee_id is not null then 'employee_id'
            when employee_of_email.employee_id is not null then 'email_of_employee_id'
            when coalesce(accounts.email_normalized, '') <> '' then 'email'
            else 'user_id'
        end as resolution_method,
        case
            when accounts.employee_id is not null then {{ dbt.concat(["'employee:'", "accounts.employee_id"]) }}
            when employee_of_email.employee_id is not null
                then {{ dbt.concat(["'employee:'", "employee_of_email.employee_id"]) }}
            when
                coalesce(accounts.email_normalized, '') <> ''
                then {{ dbt.concat(["'email:'", "accounts.email_normalized"]) }}
            else {{ dbt.concat(["'account:'", "accounts.account_key"]) }}
        end as identity_key
    from accounts
    left join overrides on accounts.org_key = overrides.org_key and accounts.user_id = overrides.user_id
    left join employee_of_email
        on accounts.employee_id is null and accounts.email_normalized = employee_of_email.email_normalized
),

identified as (
    select
        keyed.*,
        coalesce(keyed.override_agent_id, {{ dbt.concat(["'agt_'", dbt.hash('identity_key')]) }}) as canonical_agent_id
    from keyed
),

ranked as (
    select
        identified.*,
        row_number() over (
            partition by identified.canonical_agent_id
            order by identified.hire_date, identified.org_key, identified.user_id
        ) as home_rank
    from identified
),

homes as (
    select
        canonical_agent_id,
        org_key as home_org_key,
        account_key as home_account_key,
        business_unit_time_zone as home_time_zone
    from ranked
    where home_rank = 1
),

person_zone as (
    select
        canonical_agent_id,
        max(override_time_zone) as override_time_zone
    from ranked
    group by canonical_agent_id
)

select
    ranked.account_key,
    ranked.org_id,
    ranked.org_key,
    ranked.region,
    ranked.user_id,
    ranked.canonical_agent_id,
    ranked.resolution_method,
    ranked.identity_key,
    homes.home_org_key,
    homes.home_account_key,
    ranked.display_name,
    ranked.email,
    ranked.email_normalized,
    ranked.employee_id,
    ranked.state,
    ranked.is_active,
    ranked.hire_date,
    ranked.first_seen_utc,
    ranked.is_vanished,
    ranked.vanished_at_utc,
    ranked.business_unit_id,
    ranked.management_unit_id,
    ranked.business_unit_time_zone,
    ranked.home_rank = 1 as is_home_account,
    coalesce(person_zone.override_time_zone, homes.home_time_zone, ranked.business_unit_time_zone, 'UTC')
        as person_time_zone
from ranked
inner join homes on ranked.canonical_agent_id = homes.canonical_agent_id
inner join person_zone on ranked.canonical_agent_id = person_zone.canonical_agent_id
