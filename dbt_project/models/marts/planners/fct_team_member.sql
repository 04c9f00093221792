-- The current members of every work team, by person (a bi-regional person is in a team in each org).
with members as (
    select * from {{ ref('stg_genesys__team_members') }}
    where is_current
)

select
    members.team_member_key,
    members.org_key,
    {{ colon_key(["members.org_key", "members.team_id"]) }} as team_key,
    teams.team_name,
    account.canonical_agent_id,
    members.user_id
from members
inner join {{ ref('dim_team') }} as teams
    on members.org_key = teams.org_key and members.team_id = teams.team_id and not teams.is_deleted
{{ join_agent_account('members') }}
