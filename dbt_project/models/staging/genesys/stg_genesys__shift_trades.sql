with source as (
    {{ union_genesys_orgs('shift_trades') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "trade_id"]) }} as shift_trade_key,
        org_key,
        trade_id,
        business_unit_id,
        management_unit_id,
        week_date,
        state as trade_state,
        initiating_user_id,
        initiating_shift_id,
        initiating_shift_start as initiating_shift_start_utc,
        initiating_shift_end as initiating_shift_end_utc,
        receiving_user_id,
        receiving_shift_id,
        receiving_shift_start as receiving_shift_start_utc,
        receiving_shift_end as receiving_shift_end_utc,
        one_sided as is_one_sided,
        target_user_id,
        expiration_date as expires_at_utc,
        reviewed_by,
        reviewed_date as reviewed_at_utc,
        date_created as created_at_utc,
        date_modified as modified_at_utc,
        metadata_version
    from source
    -- a tombstone removes its trade when dlt loads it (hard delete); one never lingers
    where not coalesce(deleted, false)
)

select * from renamed
