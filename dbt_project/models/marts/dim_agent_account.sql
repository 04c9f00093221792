-- One row per account (an org's user: every one ever seen, vanished ones included) with the canonical agent it
-- belongs to. valid_from_utc is the hire date (local midnight); without one (employerInfo.dateHire is optional
-- in the API) the account's earliest evidence: its first load or its first scheduled activity, whichever came
-- first (valid_from_basis says which rule). An inactive or vanished account is valid until the end of its last
-- scheduled activity, or until its deactivation or disappearance was first observed, whichever came first.
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

scheduled as (
    select
        org_key,
        user_id,
        min(start_utc) as first_scheduled_start_utc,
        max(end_utc) as last_scheduled_end_utc
    from {{ ref('stg_genesys__schedule_activities') }}
    group by org_key, user_id
),

bounded as (
    select
        accounts.*,
        {{ local_midnight_utc('accounts.hire_date', 'accounts.person_time_zone') }} as hired_at_utc,
        {{ earliest('accounts.first_seen_utc', 'scheduled.first_scheduled_start_utc') }} as first_evidence_utc,
        scheduled.last_scheduled_end_utc,
        {{ earliest('deactivations.deactivation_observed_utc', 'accounts.vanished_at_utc') }} as ended_observed_utc
    from accounts
    left join deactivations on accounts.org_key = deactivations.org_key and accounts.user_id = deactivations.user_id
    left join scheduled on accounts.org_key = scheduled.org_key and accounts.user_id = scheduled.user_id
)

select
    account_key,
    org_key,
    user_id,
    canonical_agent_id,
    resolution_method,
    is_home_account,
    is_active,
    is_vanished,
    vanished_at_utc,
    email,
    employee_id,
    hire_date,
    business_unit_id,
    management_unit_id,
    coalesce(hired_at_utc, first_evidence_utc) as valid_from_utc,
    case
        when hired_at_utc is not null then 'hire_date'
        when first_evidence_utc is not null then 'first_seen'
    end as valid_from_basis,
    case
        when not is_active then {{ earliest('last_scheduled_end_utc', 'ended_observed_utc') }}
    end as valid_to_utc
from bounded
