select
    subscription_id,
    user_id,
    cast(start_date as date) as start_date,
    cast(end_date as date) as end_date,
    cast(monthly_price as decimal(10, 2)) as monthly_price
from {{ ref('subscriptions_raw') }}
