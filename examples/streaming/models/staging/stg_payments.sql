{{ config(tags=['billing']) }}
select
    cast(payment_id as varchar) as payment_id,
    cast(user_id as varchar) as user_id,
    cast(payment_date as date) as payment_date,
    cast(amount as decimal(10, 2)) as amount
from {{ source('billing', 'payments') }}
