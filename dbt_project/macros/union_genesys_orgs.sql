{#- One raw table from every org's dataset, with an explicit, typed column list.

    `columns` is a list of "name:kind" (kind: string, bigint, double, bool, date, timestamp, json);
    timestamps are converted to naive UTC. An org whose dataset lacks the table (nothing was ever
    loaded for it, e.g. a missing permission) contributes no rows instead of breaking the union,
    and a column an org's table lacks (dlt adds columns when they first carry data) is null. -#}
{% macro union_genesys_orgs(table, columns) -%}
    {%- set parts = [] -%}
    {%- for org in genesys_orgs() -%}
        {%- set relation = source('genesys_' ~ org, table) -%}
        {%- set existing = load_relation(relation) if execute else none -%}
        {%- set present = [] -%}
        {%- if existing is not none -%}
            {%- for col in adapter.get_columns_in_relation(existing) -%}{%- do present.append(col.name | lower) -%}{%- endfor -%}
        {%- endif -%}
        {%- set selects = [] -%}
        {%- for spec in columns -%}
            {%- set name, kind = spec.split(':') -%}
            {%- if name in present and kind == 'timestamp' -%}
                {%- do selects.append(to_utc(adapter.quote(name)) ~ ' as ' ~ name) -%}
            {%- elif name in present -%}
                {%- do selects.append('cast(' ~ adapter.quote(name) ~ ' as ' ~ sql_type(kind) ~ ') as ' ~ name) -%}
            {%- else -%}
                {%- do selects.append('cast(null as ' ~ sql_type(kind) ~ ') as ' ~ name) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if existing is not none -%}
            {%- do parts.append('select ' ~ selects | join(', ') ~ ' from ' ~ relation) -%}
        {%- else -%}
            {%- do parts.append('select ' ~ selects | join(', ') ~ ' where 1 = 0') -%}
        {%- endif -%}
    {%- endfor -%}
    {{ parts | join('\nunion all\n') }}
{%- endmacro %}

{#- The org keys to union: a list, or a comma-separated string (vars from env come as strings). -#}
{% macro genesys_orgs() -%}
    {%- set orgs = var('genesys_orgs') -%}
    {%- if orgs is string -%}{%- set orgs = orgs.split(',') -%}{%- endif -%}
    {{ return(orgs | map('trim') | reject('equalto', '') | list) }}
{%- endmacro %}
