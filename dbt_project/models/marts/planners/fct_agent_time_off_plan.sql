-- Which agents each current time-off plan applies to (Genesys lists no users on a plan): the members of its
-- management units, the users of its staffing groups, and for a unit + staffing group association the users of
-- the group who are members of the unit. One row per plan and account, with the person.
with associations as (
    select * from {{ ref('stg_genesys__time_off_plan_units') }}
    where is_current
),

members as (
    select
        org_key,
        management_unit_id,
        user_id
    from {{ ref('stg_genesys__management_unit_users') }}
),

grouped as (
    select
        org_key,
        staffing_group_id,
        user_id
    from {{ ref('stg_genesys__staffing_group_users') }}
    where is_current
),

reached as (
    select
        associations.org_key,
        associations.time_off_plan_id,
        coalesce(members.user_id, grouped.user_id) as user_id,
        max(case when associations.staffing_group_id is null then 'management_unit' else 'staffing_group' end)
            as association
    from associations
    left join members
        on
            associations.org_key = members.org_key
            and associations.management_unit_id = members.management_unit_id
    left join grouped
        on
            associations.org_key = grouped.org_key
            and associations.staffing_group_id = grouped.staffing_group_id
    where
        (associations.management_unit_id is null or members.user_id is not null)
        and (associations.staffing_group_id is null or grouped.user_id is not null)
        and (
            associations.management_unit_id is null
            or associations.staffing_group_id is null
            or members.user_id = grouped.user_id
        )
    group by associations.org_key, associations.time_off_plan_id, coalesce(members.user_id, grouped.user_id)
),

plans as (
    select * from {{ ref('dim_time_off_plan') }}
    where not is_deleted
)

select
    {{ colon_key(["reached.org_key", "reached.time_off_plan_id", "reached.user_id"]) }} as agent_time_off_plan_key,
    reached.org_key,
    plans.time_off_plan_key,
    plans.time_off_plan_name,
    plans.time_off_plan_name_key,
    account.canonical_agent_id,
    reached.user_id,
    reached.association
from reached
inner join plans on reached.org_key = plans.org_key and reached.time_off_plan_id = plans.time_off_plan_id
{{ join_agent_account('reached') }}
