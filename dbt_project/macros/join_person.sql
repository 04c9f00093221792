{#- The person of each row of a fact: `alias`.org_key and `alias`.user_id joined to int_resolve_agent_identity (as
    `identity`). A left join: a row whose account was never seen keeps its row, with a null canonical_agent_id
    (warn-severity tests name such rows). -#}
{% macro join_person(alias) -%}
    left join {{ ref('int_resolve_agent_identity') }} as identity
        on {{ alias }}.org_key = identity.org_key and {{ alias }}.user_id = identity.user_id
{%- endmacro %}
