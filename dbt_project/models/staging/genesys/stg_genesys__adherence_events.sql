with source as (
    {{ union_genesys_orgs('adherence_events') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "user_id", "cast(received_at as " ~ dbt.type_string() ~ ")",
            "cast(sequence as " ~ dbt.type_string() ~ ")"]) }} as adherence_event_key,
        org_key,
        region,
        user_id,
        management_unit_id,
        business_unit_id,
        adherence_state,
        scheduled_activity_category as scheduled_category,
        scheduled_activity_code_id,
        actual_activity_category as actual_category,
        system_presence,
        routing_status,
        impact,
        is_out_of_office,
        adherence_change_time as adherence_changed_at_utc,
        presence_update_time as presence_changed_at_utc,
        source,
        received_at as received_at_utc,
        sequence,
        written_at as written_at_utc
    from source
)

select * from renamed
