with source as (
    {{ union_genesys_orgs('realtime_adherence') }}
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
