with source as (
    {{ union_genesys_orgs('queues') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "queue_id"]) }} as queue_key,
        org_id,
        org_key,
        region,
        queue_id,
        name as queue_name,
        name_key as queue_name_key,
        media_types,
        date_created as created_at_utc,
        {%- for media in ['call', 'callback', 'chat', 'email', 'message'] %}
            {{ media }}_service_level_percentage,
            {{ media }}_service_level_duration_ms,
        {%- endfor %}
        {{ scd2_validity(["org_key", "queue_id"]) }}
    from source
)

select * from renamed
