-- The routing skills each person holds now, per account, with the skill's cross-org name key and proficiency (0-5).
with held as (
    select * from {{ ref('stg_genesys__user_routing_skills') }}
    where is_current
),

skills as (
    select * from {{ ref('stg_genesys__routing_skills') }}
    where is_latest
)

select
    held.user_skill_key,
    held.org_key,
    account.canonical_agent_id,
    held.user_id,
    {{ colon_key(["held.org_key", "held.skill_id"]) }} as skill_key,
    coalesce(skills.skill_name, held.skill_name) as skill_name,
    skills.skill_name_key,
    held.proficiency
from held
left join skills on held.org_key = skills.org_key and held.skill_id = skills.skill_id
{{ join_agent_account('held') }}
