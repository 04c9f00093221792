-- Who can take which queue: the current members of every queue, by person. A member who has not joined the queue
-- is listed but takes nothing from it (is_joined false).
with members as (
    select * from {{ ref('stg_genesys__queue_members') }}
    where is_current
)

select
    members.queue_member_key,
    members.org_key,
    {{ colon_key(["members.org_key", "members.queue_id"]) }} as queue_key,
    queues.name as queue_name,
    account.canonical_agent_id,
    members.user_id,
    members.is_joined,
    members.member_by
from members
inner join {{ ref('dim_queue') }} as queues
    on {{ colon_key(["members.org_key", "members.queue_id"]) }} = queues.queue_key and not queues.is_deleted
{{ join_agent_account('members') }}
