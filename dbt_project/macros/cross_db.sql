{#- The few places where adapters differ. Timestamps in marts are naive UTC (`*_utc`). -#}

{#- The SQL type of a load-contract type (dlt's data_type, pipelines/genesys/settings.py TABLES). -#}
{% macro sql_type(data_type) -%}
    {%- if data_type == 'text' or data_type == 'json' -%}{{ dbt.type_string() }}
    {%- elif data_type == 'bigint' -%}{{ dbt.type_bigint() }}
    {%- elif data_type == 'double' -%}{{ type_double() }}
    {%- elif data_type == 'bool' -%}{{ dbt.type_boolean() }}
    {%- elif data_type == 'date' -%}date
    {%- elif data_type == 'timestamp' -%}{{ dbt.type_timestamp() }}
    {%- else -%}{{ exceptions.raise_compiler_error("unknown load-contract type " ~ data_type) }}
    {%- endif -%}
{%- endmacro %}

{#- A raw timestamp with time zone -> naive timestamp in UTC, whatever the session time zone. -#}
{% macro to_utc(expr) -%}{{ adapter.dispatch('to_utc', 'wfm_hub')(expr) }}{%- endmacro %}
{% macro default__to_utc(expr) -%}(({{ expr }}) at time zone 'UTC'){%- endmacro %}
{% macro duckdb__to_utc(expr) -%}timezone('UTC', {{ expr }}){%- endmacro %}

{#- A naive UTC timestamp -> naive local wall-clock time in an IANA zone (DST-correct). -#}
{% macro to_local(ts_utc, tz) -%}{{ adapter.dispatch('to_local', 'wfm_hub')(ts_utc, tz) }}{%- endmacro %}
{% macro default__to_local(ts_utc, tz) -%}
    ((({{ ts_utc }}) at time zone 'UTC') at time zone {{ tz }})
{%- endmacro %}
{% macro duckdb__to_local(ts_utc, tz) -%}timezone({{ tz }}, timezone('UTC', {{ ts_utc }})){%- endmacro %}

{#- Local midnight of a date in an IANA zone, as naive UTC (a 23- or 25-hour day stays exact). -#}
{% macro local_midnight_utc(day, tz) -%}{{ adapter.dispatch('local_midnight_utc', 'wfm_hub')(day, tz) }}{%- endmacro %}
{% macro default__local_midnight_utc(day, tz) -%}
    ((cast({{ day }} as timestamp) at time zone {{ tz }}) at time zone 'UTC')
{%- endmacro %}
{% macro duckdb__local_midnight_utc(day, tz) -%}timezone('UTC', timezone({{ tz }}, cast({{ day }} as timestamp))){%- endmacro %}

{#- Minutes between two naive timestamps. -#}
{% macro minutes_between(start, end) -%}{{ adapter.dispatch('minutes_between', 'wfm_hub')(start, end) }}{%- endmacro %}
{% macro default__minutes_between(start, end) -%}(extract(epoch from ({{ end }}) - ({{ start }})) / 60.0){%- endmacro %}
{% macro duckdb__minutes_between(start, end) -%}(date_diff('second', {{ start }}, {{ end }}) / 60.0){%- endmacro %}

{#- Comma-joined distinct values, sorted (org keys of an agent). -#}
{% macro sorted_list_agg(expr) -%}{{ adapter.dispatch('sorted_list_agg', 'wfm_hub')(expr) }}{%- endmacro %}
{% macro default__sorted_list_agg(expr) -%}string_agg(distinct {{ expr }}, ',' order by {{ expr }}){%- endmacro %}
{% macro duckdb__sorted_list_agg(expr) -%}string_agg(distinct {{ expr }}, ',' order by {{ expr }}){%- endmacro %}

{#- An ISO-8601 UTC text (e.g. '2026-11-06T12:00:00.000Z') -> naive UTC timestamp. -#}
{% macro to_utc_text(expr) -%}{{ adapter.dispatch('to_utc_text', 'wfm_hub')(expr) }}{%- endmacro %}
{% macro default__to_utc_text(expr) -%}(cast({{ expr }} as timestamptz) at time zone 'UTC'){%- endmacro %}
{% macro duckdb__to_utc_text(expr) -%}timezone('UTC', cast({{ expr }} as timestamptz)){%- endmacro %}

{#- Monday of the ISO week of a timestamp or date, as a date (UTC weeks for UTC timestamps). -#}
{% macro week_start_date(expr) -%}cast({{ dbt.date_trunc('week', expr) }} as date){%- endmacro %}

{#- A naive timestamp floored to a multiple of `minutes` within its hour (the 15-minute grid). -#}
{% macro floor_to_minutes(ts, minutes) -%}
    {{ dbt.dateadd('minute', '-1 * (cast(extract(minute from ' ~ ts ~ ') as integer) % ' ~ minutes ~ ')',
                   dbt.date_trunc('minute', ts)) }}
{%- endmacro %}

{#- Small non-negative integers 0..(10^digits - 1) as rows of column n, portable (no generate_series). -#}
{% macro integers(digits=2) -%}
    {%- set parts = [] -%}
    {%- for d in range(digits) -%}{%- do parts.append('d' ~ d ~ '.n * ' ~ (10 ** d)) -%}{%- endfor -%}
    select {{ parts | join(' + ') }} as n
    from {% for d in range(digits) -%}
        (select 0 as n union all select 1 union all select 2 union all select 3 union all select 4 union all
         select 5 union all select 6 union all select 7 union all select 8 union all select 9) as d{{ d }}
        {%- if not loop.last %} cross join {% endif %}
    {%- endfor %}
{%- endmacro %}

{#- A double-precision float (dbt.type_float() is 4-byte FLOAT on DuckDB): for arithmetic on forecasts. -#}
{% macro type_double() -%}{{ adapter.dispatch('type_double', 'wfm_hub')() }}{%- endmacro %}
{% macro default__type_double() -%}double precision{%- endmacro %}
{% macro bigquery__type_double() -%}float64{%- endmacro %}

{#- A readable key: the expressions joined with ':' (e.g. emea:<user id>:<start>), as every key here is built. -#}
{% macro colon_key(expressions) -%}
    {%- set parts = [] -%}
    {%- for expression in expressions -%}
        {%- if not loop.first -%}{%- do parts.append("':'") -%}{%- endif -%}
        {%- do parts.append(expression) -%}
    {%- endfor -%}
    {{ dbt.concat(parts) }}
{%- endmacro %}

{#- The earlier of two values, a null one ignored (least() returns null for a null argument on some warehouses). -#}
{% macro earliest(a, b) -%}
    case when {{ a }} is null then {{ b }} when {{ b }} is null or {{ a }} <= {{ b }} then {{ a }} else {{ b }} end
{%- endmacro %}

{#- One row per date from `first` to `last` (inclusive) of every row of `bounds` (a CTE), as column `date_day`,
    with the row's `keys`: the spine a report zero-fills its series on (up to 10,000 days). -#}
{% macro dates_between(bounds, first, last, keys=[]) -%}
    select
        {%- for key in keys %}
            {{ bounds }}.{{ key }},
        {%- endfor %}
        cast({{ dbt.dateadd('day', 'days.n', bounds ~ '.' ~ first) }} as date) as date_day
    from {{ bounds }}
    cross join ({{ integers(4) }}) as days
    where days.n <= {{ dbt.datediff(bounds ~ '.' ~ first, bounds ~ '.' ~ last, 'day') }}
{%- endmacro %}

{#- Per org, the first and last `date_column` of `relation` (columns org_key, first_date, last_date): the dates its
    data was extracted for, since the extraction records no windows (a quiet day at either end looks unextracted). -#}
{% macro extracted_dates(relation, date_column) -%}
    select
        org_key,
        min({{ date_column }}) as first_date,
        max({{ date_column }}) as last_date
    from {{ relation }}
    group by org_key
{%- endmacro %}

{#- A staging row's dlt scd2 validity: valid_from_utc / valid_to_utc, is_current (the version the last load read)
    and is_latest (the newest version of its key: the current one, or the last one of a record Genesys no longer
    lists, whose history is kept). Dimensions take is_latest; a latest version that is not current is deleted. -#}
{% macro scd2_validity(key_columns) -%}
    _dlt_valid_from as valid_from_utc,
    _dlt_valid_to as valid_to_utc,
    _dlt_valid_to is null as is_current,
    row_number() over (partition by {{ key_columns | join(', ') }} order by _dlt_valid_from desc) = 1 as is_latest
{%- endmacro %}

{#- numerator / denominator as a double, null when the denominator is not positive (a ratio of sums). -#}
{% macro safe_ratio(numerator, denominator) -%}
    case when ({{ denominator }}) > 0 then cast({{ numerator }} as {{ type_double() }}) / ({{ denominator }}) end
{%- endmacro %}
