with source as (
    {{ union_genesys_orgs('realtime_adherence', [
        'org_id:string',
        'org_key:string',
        'region:string',
        'snapshot_at:timestamp',
        'business_unit_id:string',
        'management_unit_id:string',
        'user_id:string',
        'scheduled_activity_category:string',
        'actual_activity_category:string',
        'system_presence:string',
        'routing_status:string',
        'adherence_state:string',
        'impact:string',
        'time_of_adherence_change:timestamp'
    ]) }}
),

renamed as (
    select
        {{ colon_key(["org_key", "user_id", "snapshot_at"]) }} as realtime_adherence_key,
        org_key,
        region,
        snapshot_at as snapshot_at_utc,
        business_unit_id,
        management_unit_id,
        user_id,
        scheduled_activity_category as scheduled_category,
        actual_activity_category as actual_category,
        system_presence,
        routing_status,
        adherence_state,
        impact,
        time_of_adherence_change as adherence_changed_at_utc
    from source
)

select * from renamed
