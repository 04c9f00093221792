{#- A raw table of every org that has it, with `columns` (name -> load-contract type), or an empty typed select.

    For a table another part of the hub may not extract yet (it is in no generated source): the relation is
    looked up at run time in each org's dataset (genesys_<org>), so the model builds whether or not the table was
    loaded. Raw tables are loaded before dbt runs, so there is no build-order dependency; the lineage to them is
    not recorded (no source()). Used for the service goal templates until their staging model exists. -#}
{% macro optional_genesys_table(table, columns) -%}
    {%- set parts = [] -%}
    {%- if execute -%}
        {%- for org in genesys_orgs() -%}
            {%- set relation = adapter.get_relation(database=target.database, schema='genesys_' ~ org, identifier=table) -%}
            {%- if relation is not none -%}
                {%- set present = adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list -%}
                {%- set selects = [] -%}
                {%- for name, data_type in columns.items() -%}
                    {%- if name in present -%}
                        {%- do selects.append('cast(' ~ adapter.quote(name) ~ ' as ' ~ sql_type(data_type) ~ ') as ' ~ name) -%}
                    {%- else -%}
                        {%- do selects.append('cast(null as ' ~ sql_type(data_type) ~ ') as ' ~ name) -%}
                    {%- endif -%}
                {%- endfor -%}
                {%- set current = ' where _dlt_valid_to is null' if '_dlt_valid_to' in present else '' -%}
                {%- do parts.append('select ' ~ selects | join(', ') ~ ' from ' ~ relation ~ current) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if parts -%}
        {{ parts | join('\nunion all\n') }}
    {%- else -%}
        {%- set selects = [] -%}
        {%- for name, data_type in columns.items() -%}
            {%- do selects.append('cast(null as ' ~ sql_type(data_type) ~ ') as ' ~ name) -%}
        {%- endfor -%}
        select {{ selects | join(', ') }} where 1 = 0
    {%- endif -%}
{%- endmacro %}
