-- Service level of inbound contacts per queue and media type per 15-minute interval (grain 'interval'), and per
-- UTC day for each queue, org, region and GLOBAL (grain 'day'). Genesys' formula at every roll-up: service level =
-- sum(oServiceLevel.numerator) / sum(oServiceLevel.denominator): answered within the queue's threshold over the
-- contacts the org's service-level options count (answered + abandoned, short abandons and flow-outs as the org
-- set them). Never an average of ratios. ASA = answer seconds / answered; abandon rate = abandoned / offered.
{%- set measures = ['offered', 'answered', 'abandoned', 'short_abandoned', 'flow_out', 'over_sla',
                    'sl_numerator', 'sl_denominator', 'answer_seconds'] %}
with volume as (
    select
        volume.*,
        orgs.region
    from {{ ref('fct_interaction_volume') }} as volume
    left join {{ ref('dim_org') }} as orgs on volume.org_key = orgs.org_key
    where volume.is_inbound
),

queues as (
    select
        queue_key,
        name as queue_name,
        call_service_level_percentage,
        callback_service_level_percentage,
        chat_service_level_percentage,
        email_service_level_percentage,
        message_service_level_percentage,
        call_service_level_seconds,
        callback_service_level_seconds,
        chat_service_level_seconds,
        email_service_level_seconds,
        message_service_level_seconds
    from {{ ref('dim_queue') }}
),

rows_of as (
    select
        'interval' as grain,
        'queue' as scope,
        {{ colon_key(["queue_key", "media_type"]) }} as scope_key,
        org_key,
        region,
        queue_key,
        media_type,
        interval_start_utc as period_start_utc,
        utc_date as date,
        {%- for m in measures %}
            sum({{ m }}) as {{ m }},
        {%- endfor %}
        max(sl_target) as answered_target
    from volume
    group by queue_key, media_type, org_key, region, interval_start_utc, utc_date
    {%- for scope, key, cols in [
        ('queue', colon_key(["queue_key", "media_type"]), 'org_key, region, queue_key, media_type'),
        ('org', 'org_key', 'org_key, region, cast(null as ' ~ dbt.type_string() ~ '), cast(null as '
            ~ dbt.type_string() ~ ')'),
        ('region', 'region', 'cast(null as ' ~ dbt.type_string() ~ '), region, cast(null as ' ~ dbt.type_string()
            ~ '), cast(null as ' ~ dbt.type_string() ~ ')'),
        ('global', "'GLOBAL'", 'cast(null as ' ~ dbt.type_string() ~ "), 'GLOBAL', cast(null as "
            ~ dbt.type_string() ~ '), cast(null as ' ~ dbt.type_string() ~ ')')] %}
        union all
        select
            'day' as grain,
            '{{ scope }}' as scope,
            {{ key }} as scope_key,
            {{ cols }},
            cast(utc_date as {{ dbt.type_timestamp() }}) as period_start_utc,
            utc_date as date,
            {%- for m in measures %}
                sum({{ m }}) as {{ m }},
            {%- endfor %}
            max(sl_target) as answered_target
        from volume
        group by utc_date{% if scope == 'queue' %}, queue_key, media_type, org_key, region
        {%- elif scope == 'org' %}, org_key, region{% elif scope == 'region' %}, region{% endif %}
    {%- endfor %}
)

select
    {{ colon_key(["rows_of.grain", "rows_of.scope_key",
                  "cast(rows_of.period_start_utc as " ~ dbt.type_string() ~ ")"]) }} as service_level_key,
    rows_of.grain,
    rows_of.scope,
    rows_of.scope_key,
    rows_of.org_key,
    rows_of.region,
    rows_of.queue_key,
    queues.queue_name,
    rows_of.media_type,
    rows_of.period_start_utc,
    rows_of.date,
    rows_of.offered,
    rows_of.answered,
    rows_of.abandoned,
    rows_of.short_abandoned,
    rows_of.flow_out,
    rows_of.over_sla as answered_over_threshold,
    rows_of.sl_numerator as answered_within_threshold,
    rows_of.sl_denominator as service_level_contacts,
    case
        when rows_of.sl_denominator > 0
            then cast(rows_of.sl_numerator as {{ type_double() }}) / rows_of.sl_denominator
    end as service_level_pct,
    coalesce(
        rows_of.answered_target,
        case rows_of.media_type
            {%- for analytics, queue_media in [('voice', 'call'), ('callback', 'callback'), ('chat', 'chat'),
                                              ('email', 'email'), ('message', 'message')] %}
                when '{{ analytics }}' then queues.{{ queue_media }}_service_level_percentage
            {%- endfor %}
        end
    ) as service_level_target,
    case rows_of.media_type
        {%- for analytics, queue_media in [('voice', 'call'), ('callback', 'callback'), ('chat', 'chat'),
                                          ('email', 'email'), ('message', 'message')] %}
            when '{{ analytics }}' then queues.{{ queue_media }}_service_level_seconds
        {%- endfor %}
    end as service_level_threshold_seconds,
    case when rows_of.answered > 0 then rows_of.answer_seconds / rows_of.answered end as asa_seconds,
    case when rows_of.offered > 0 then cast(rows_of.abandoned as {{ type_double() }}) / rows_of.offered end
        as abandon_rate,
    case when rows_of.offered > 0 then cast(rows_of.short_abandoned as {{ type_double() }}) / rows_of.offered end
        as short_abandon_rate
from rows_of
left join queues on rows_of.queue_key = queues.queue_key
