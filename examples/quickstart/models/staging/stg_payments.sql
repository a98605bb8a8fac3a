select
    payment_id,
    user_id,
    cast(payment_date as date) as payment_date,
    cast(amount as decimal(10, 2)) as amount
from {{ ref('payments_raw') }}
