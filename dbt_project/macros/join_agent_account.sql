{#- The person of each row of a planners' fact: `alias`.org_key and `alias`.user_id joined to marts.dim_agent_account
    (as `account`: canonical_agent_id) and its dim_agent (as `agent`: the person's one time_zone). Left joins: a row
    whose account was never seen keeps its row with a null canonical_agent_id (warn-severity tests name it). -#}
{% macro join_agent_account(alias) -%}
    left join {{ ref('dim_agent_account') }} as account
        on {{ alias }}.org_key = account.org_key and {{ alias }}.user_id = account.user_id
    left join {{ ref('dim_agent') }} as agent on account.canonical_agent_id = agent.canonical_agent_id
{%- endmacro %}
