{#- First and last element of a JSON array stored as text (the raw time-off dates). -#}
{% macro json_first(expr) -%}{{ adapter.dispatch('json_first', 'wfm_hub')(expr) }}{%- endmacro %}
{% macro default__json_first(expr) -%}(cast({{ expr }} as json) ->> 0){%- endmacro %}
{% macro duckdb__json_first(expr) -%}json_extract_string({{ expr }}, '$[0]'){%- endmacro %}

{% macro json_last(expr) -%}{{ adapter.dispatch('json_last', 'wfm_hub')(expr) }}{%- endmacro %}
{% macro default__json_last(expr) -%}
    (cast({{ expr }} as json) ->> (json_array_length(cast({{ expr }} as json)) - 1))
{%- endmacro %}
{% macro duckdb__json_last(expr) -%}json_extract_string({{ expr }}, '$[#-1]'){%- endmacro %}
