{#- The real-time adherence marts and reports (models/marts/fct_adherence_event.sql and their kin). -#}

{#- The moment "now" means in the real-time views: var('realtime_as_of') (a UTC timestamp, for a replay or a test
    against the simulator's clock), else the database's current time, as naive UTC like every *_utc column. The
    views compile it, so a view built with the var keeps that moment until it is built again. -#}
{% macro realtime_as_of() -%}
    {%- if var('realtime_as_of', none) -%}
        cast('{{ var("realtime_as_of") }}' as timestamp)
    {%- else -%}
        cast({{ to_utc(dbt.current_timestamp()) }} as timestamp)
    {%- endif -%}
{%- endmacro %}

{#- Seconds from `start` to `end` with their fractions (minutes_between rounds to whole seconds on DuckDB). -#}
{% macro seconds_between(start, end) -%}{{ adapter.dispatch('seconds_between', 'wfm_hub')(start, end) }}{%- endmacro %}
{% macro default__seconds_between(start, end) -%}extract(epoch from ({{ end }}) - ({{ start }})){%- endmacro %}
{% macro duckdb__seconds_between(start, end) -%}(epoch({{ end }}) - epoch({{ start }})){%- endmacro %}

{#- Which of a person's accounts speaks for them (a bi-regional person counts once): the worst state first, as
    rpt_global_adherence_snapshot ranks them (out of adherence, in adherence, explained or ignored, unknown, then
    unscheduled), then the latest observation. -#}
{% macro adherence_state_rank(state) -%}
    case {{ state }}
        when 'OutOfAdherence' then 1
        when 'InAdherence' then 2
        when 'Explained' then 3
        when 'Ignored' then 3
        when 'Unknown' then 4
        else 5
    end
{%- endmacro %}
