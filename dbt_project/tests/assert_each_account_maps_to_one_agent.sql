-- Every account resolves to exactly one canonical agent (no account in two agents, none in none).
select
    account_key,
    count(distinct canonical_agent_id) as agents
from {{ ref('dim_agent_account') }}
group by account_key
having count(distinct canonical_agent_id) <> 1
