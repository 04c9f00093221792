-- One row per account (an org's user) with the canonical agent it belongs to. valid_from_utc is the
-- hire date (local midnight); an inactive account is valid until the end of its last scheduled
-- day, or until its deactivation was first observed, whichever came first.
with accounts as (
    select * from {{ ref('int_resolve_agent_identity') }}
),

deactivations as (
    select
        org_key,
        user_id,
        min(valid_from_utc) as deactivation_observed_utc
    from {{ ref('stg_genesys__users') }}
    where state <> 'active'
    group by org_key, user_id
),

last_scheduled as (
    select
        org_key,
        user_id,
        max(end_utc) as last_scheduled_end_utc
    from {{ ref('stg_genesys__schedule_activities') }}
    group by org_key, user_id
)

select
    accounts.account_key,
    accounts.org_key,
    accounts.user_id,
    accounts.canonical_agent_id,
    accounts.resolution_method,
    accounts.is_home_account,
    accounts.is_active,
    accounts.email,
    accounts.employee_id,
    accounts.business_unit_id,
    accounts.management_unit_id,
    {{ local_midnight_utc('accounts.hire_date', 'accounts.person_time_zone') }} as valid_from_utc,
    case
        when accounts.is_active then null
        when last_scheduled.last_scheduled_end_utc is null then deactivations.deactivation_observed_utc
        when deactivations.deactivation_observed_utc is null then last_scheduled.last_scheduled_end_utc
        when last_scheduled.last_scheduled_end_utc < deactivations.deactivation_observed_utc
            then last_scheduled.last_scheduled_end_utc
        else deactivations.deactivation_observed_utc
    end as valid_to_utc
from accounts
left join deactivations on accounts.org_key = deactivations.org_key and accounts.user_id = deactivations.user_id
left join last_scheduled on accounts.org_key = last_scheduled.org_key and accounts.user_id = last_scheduled.user_id
