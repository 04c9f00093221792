-- One row per person across every org (canonical agent).
with accounts as (
    select * from {{ ref('int_resolve_agent_identity') }}
),

homes as (
    select * from accounts
    where is_home_account
),

worked as (
    select
        canonical_agent_id,
        max(local_date) as last_active_date
    from {{ ref('fct_agent_adherence_daily') }}
    where scheduled_minutes > 0
    group by canonical_agent_id
),

rollup as (
    select
        canonical_agent_id,
        count(*) as n_accounts,
        {{ sorted_list_agg('org_key') }} as org_keys,
        max(case when is_active then 1 else 0 end) = 1 as is_active,
        min(hire_date) as first_seen_date
    from accounts
    group by canonical_agent_id
)

select
    rollup.canonical_agent_id,
    homes.display_name,
    homes.email,
    homes.employee_id,
    homes.home_org_key,
    homes.person_time_zone as time_zone,
    rollup.n_accounts,
    rollup.org_keys,
    rollup.is_active,
    rollup.first_seen_date,
    worked.last_active_date
from rollup
inner join homes on rollup.canonical_agent_id = homes.canonical_agent_id
left join worked on rollup.canonical_agent_id = worked.canonical_agent_id
