with source as (
    {{ union_genesys_orgs('adherence_stream_gaps') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "gap_id", "management_unit_id"]) }} as adherence_stream_gap_key,
        org_key,
        region,
        gap_id,
        management_unit_id,
        gap_start as gap_start_utc,
        gap_end as gap_end_utc,
        reason,
        repaired_at as repaired_at_utc,
        repair_rows,
        repair_error
    from source
)

select * from renamed
