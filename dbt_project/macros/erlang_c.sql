{#- Erlang C (M/M/N queue), the model Genesys Cloud WFM and most WFM tools staff voice-like queues with.

    traffic A = offered x AHT / interval seconds (Erlangs); Erlang B by the stable recursion
    B(0) = 1, B(n) = A B(n-1) / (n + A B(n-1)); probability of waiting C(n) = n B(n) / (n - A (1 - B(n)));
    service level SL(n) = 1 - C(n) exp(-(n - A) t / AHT) for answer time t; defined for n > A (else 0).
    tests/reports/erlang.py is the same formula in Python (tests compare both on every interval). -#}

{% macro erlang_b_next(agents, traffic, erlang_b) -%}
    ({{ traffic }} * {{ erlang_b }} / ({{ agents }} + {{ traffic }} * {{ erlang_b }}))
{%- endmacro %}

{% macro erlang_c_wait_probability(agents, traffic, erlang_b) -%}
    ({{ agents }} * {{ erlang_b }} / ({{ agents }} - {{ traffic }} * (1 - {{ erlang_b }})))
{%- endmacro %}

{% macro erlang_c_service_level(agents, traffic, erlang_b, answer_time, aht) -%}
    case
        when {{ agents }} > {{ traffic }}
            then 1 - {{ erlang_c_wait_probability(agents, traffic, erlang_b) }}
                * exp(-({{ agents }} - {{ traffic }}) * {{ answer_time }} / {{ aht }})
        else 0
    end
{%- endmacro %}

{#- Required agents per row of `relation` (columns: row_key, traffic, aht_seconds, answer_time_seconds,
    service_level_target): the smallest n > A whose SL(n) reaches the target. A subquery holding a recursive
    CTE that climbs n = 1, 2, ... per row and stops there (portable: DuckDB, Postgres, BigQuery, Snowflake,
    Redshift; nested, so the model's own CTE list stays plain). Rows without traffic are left out (0 agents). -#}
{% macro erlang_c_required_agents(relation, max_agents=10000) -%}
(
    with recursive climb (row_key, traffic, aht_seconds, answer_time_seconds, service_level_target, agents, erlang_b) as (
        select row_key, traffic, aht_seconds, answer_time_seconds, service_level_target, 1, traffic / (1 + traffic)
        from {{ relation }}
        where traffic > 0
        union all
        select row_key, traffic, aht_seconds, answer_time_seconds, service_level_target, agents + 1,
            {{ erlang_b_next('(agents + 1)', 'traffic', 'erlang_b') }}
        from climb
        where agents < {{ max_agents }}
            and {{ erlang_c_service_level('agents', 'traffic', 'erlang_b', 'answer_time_seconds', 'aht_seconds') }}
                < service_level_target
    )

    select
        row_key,
        agents as required_agents,
        {{ erlang_c_wait_probability('agents', 'traffic', 'erlang_b') }} as wait_probability,
        {{ erlang_c_service_level('agents', 'traffic', 'erlang_b', 'answer_time_seconds', 'aht_seconds') }}
            as service_level
    from climb
    where {{ erlang_c_service_level('agents', 'traffic', 'erlang_b', 'answer_time_seconds', 'aht_seconds') }}
        >= service_level_target
)
{%- endmacro %}
