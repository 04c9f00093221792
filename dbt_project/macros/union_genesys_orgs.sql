{#- One raw table from every org's dataset, with the typed column list of its generated source.

    The columns, their types and the orgs come from models/staging/genesys/_genesys__sources.yml, which
    `python -m scripts.dbt_sources` (make setup) generates from the orgs file and the load contract
    (pipelines/genesys/settings.py TABLES): staging models name no column twice. Types are the contract's
    (sql_type); timestamps become naive UTC (to_utc).

    One org's missing load never stops the others, and is never silent: an org whose dataset lacks the table
    while another org's has it (nothing loaded, e.g. a missing permission) contributes no rows, and a contract
    column its table lacks is null; both are dbt warnings naming the org, table and column. A table no org has
    yet (no real-time snapshot taken, no deletion recorded) is an empty union, logged without a warning. -#}
{% macro union_genesys_orgs(table) -%}
    {%- if not execute -%}
        {#- parsing: record every org's source (lineage), whatever var('genesys_orgs') selects -#}
        {%- for org in genesys_source_orgs() -%}{%- do source('genesys_' ~ org, table) -%}{%- endfor -%}
        select 1 as parsing
    {%- else -%}
        {%- set orgs = genesys_orgs() -%}
        {%- set existing = {} -%}
        {%- for org in orgs -%}
            {%- do existing.update({org: load_relation(source('genesys_' ~ org, table))}) -%}
        {%- endfor -%}
        {%- set loaded = existing.values() | reject('none') | list -%}
        {%- if not loaded -%}
            {%- do log(table ~ ': no org has loaded it yet; ' ~ this.name ~ ' is empty', info=True) -%}
        {%- endif -%}
        {%- set parts = [] -%}
        {%- for org in orgs -%}
            {%- if existing[org] is none and loaded -%}
                {%- do exceptions.warn('genesys_' ~ org ~ '.' ~ table ~ ' does not exist although other orgs have it '
                    ~ '(nothing loaded for org ' ~ org ~ '): it contributes no rows to ' ~ this.name) -%}
            {%- endif -%}
            {%- do parts.append(genesys_org_select(org, table, existing[org])) -%}
        {%- endfor -%}
        {{ parts | join('\nunion all\n') }}
    {%- endif -%}
{%- endmacro %}

{#- The select of one org's table (`existing`: its relation, none when missing): every contract column typed, a
    missing one as a typed null. -#}
{% macro genesys_org_select(org, table, existing) -%}
    {%- set columns = genesys_source_columns(org, table) -%}
    {%- set present = [] -%}
    {%- if existing is not none -%}
        {%- for col in adapter.get_columns_in_relation(existing) -%}{%- do present.append(col.name | lower) -%}{%- endfor -%}
    {%- endif -%}
    {%- set selects = [] -%}
    {%- set absent = [] -%}
    {%- for col in columns -%}
        {%- if col.name not in present -%}
            {%- do absent.append(col.name) -%}
            {%- do selects.append('cast(null as ' ~ sql_type(col.data_type) ~ ') as ' ~ col.name) -%}
        {%- elif col.data_type == 'timestamp' -%}
            {%- do selects.append(to_utc(adapter.quote(col.name)) ~ ' as ' ~ col.name) -%}
        {%- else -%}
            {%- do selects.append('cast(' ~ adapter.quote(col.name) ~ ' as ' ~ sql_type(col.data_type) ~ ') as ' ~ col.name) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if existing is none -%}
        select {{ selects | join(', ') }} where 1 = 0
    {%- else -%}
        {%- if absent -%}
            {%- do exceptions.warn('genesys_' ~ org ~ '.' ~ table ~ ' lacks the load contract\'s column(s) '
                ~ absent | join(', ') ~ ': null for org ' ~ org ~ ' in ' ~ this.name
                ~ ' (the next load of the table adds them)') -%}
        {%- endif -%}
        select {{ selects | join(', ') }} from {{ existing }}
    {%- endif -%}
{%- endmacro %}

{#- The typed columns of a generated source table (graph.sources, known once dbt has parsed). -#}
{% macro genesys_source_columns(org, table) -%}
    {%- set node = graph.sources.get('source.' ~ project_name ~ '.genesys_' ~ org ~ '.' ~ table) -%}
    {%- if node is none or not node.columns -%}
        {{ exceptions.raise_compiler_error('no generated source genesys_' ~ org ~ '.' ~ table ~ ' with columns: '
            ~ 'add the org to the orgs file or the table to the load contract, then run make setup '
            ~ '(python -m scripts.dbt_sources)') }}
    {%- endif -%}
    {%- set columns = [] -%}
    {%- for col in node.columns.values() -%}
        {%- do columns.append({'name': col.name, 'data_type': col.data_type}) -%}
    {%- endfor -%}
    {{ return(columns) }}
{%- endmacro %}

{#- The org keys to union: every org with a generated source, or the ones var('genesys_orgs') names
    (a list, or a comma-separated string: vars from env come as strings; empty = every org). -#}
{% macro genesys_orgs() -%}
    {%- set configured = genesys_source_orgs() -%}
    {%- set chosen = var('genesys_orgs', '') -%}
    {%- if chosen is string -%}{%- set chosen = chosen.split(',') -%}{%- endif -%}
    {%- set chosen = chosen | map('trim') | reject('equalto', '') | list -%}
    {%- if not chosen -%}{{ return(configured) }}{%- endif -%}
    {%- set unknown = chosen | reject('in', configured) | list -%}
    {%- if unknown -%}
        {{ exceptions.raise_compiler_error('var genesys_orgs names ' ~ unknown | join(', ') ~ ', which have no dbt '
            ~ 'source (configured: ' ~ configured | join(', ') ~ '): add them to the orgs file and run make setup') }}
    {%- endif -%}
    {{ return(chosen) }}
{%- endmacro %}
