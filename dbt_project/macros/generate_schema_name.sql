{#- Custom schemas are used as named (marts, staging, ...), not prefixed with the target schema,
    so analysts query marts.dim_agent on every warehouse. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ custom_schema_name | trim if custom_schema_name is not none else target.schema }}
{%- endmacro %}
