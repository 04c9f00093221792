-- Identity evidence that disagrees, listed for a person to review (and settle in the override
-- seed) rather than merged silently: one employeeId with several emails, one email with several
-- employeeIds.
with accounts as (
    select * from {{ ref('int_resolve_agent_identity') }}
),

employee_ids_with_several_emails as (
    select
        'employee_id_with_several_emails' as conflict_type,
        employee_id as shared_value,
        count(distinct email_normalized) as distinct_values,
        count(*) as accounts,
        {{ sorted_list_agg('account_key') }} as account_keys,
        {{ sorted_list_agg('canonical_agent_id') }} as canonical_agent_ids
    from accounts
    where employee_id is not null and email_normalized is not null
    group by employee_id
    having count(distinct email_normalized) > 1
),

emails_with_several_employee_ids as (
    select
        'email_with_several_employee_ids' as conflict_type,
        email_normalized as shared_value,
        count(distinct employee_id) as distinct_values,
        count(*) as accounts,
        {{ sorted_list_agg('account_key') }} as account_keys,
        {{ sorted_list_agg('canonical_agent_id') }} as canonical_agent_ids
    from accounts
    where employee_id is not null and email_normalized is not null
    group by email_normalized
    having count(distinct employee_id) > 1
)

select * from employee_ids_with_several_emails
union all
select * from emails_with_several_employee_ids
