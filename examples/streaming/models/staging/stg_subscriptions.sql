{{ config(tags=['billing']) }}
{#- updated_at moves when a period's end becomes known, which the timestamp snapshot tracks. -#}
select
    cast(subscription_id as varchar) as subscription_id,
    cast(user_id as varchar) as user_id,
    cast(start_date as date) as start_date,
    cast(end_date as date) as end_date,
    cast(monthly_price as decimal(10, 2)) as monthly_price,
    case when end_date is null then 'active' else 'ended' end as status,
    cast(coalesce(cast(end_date as date), cast(start_date as date)) as timestamp) as updated_at
from {{ source('billing', 'subscriptions') }}
