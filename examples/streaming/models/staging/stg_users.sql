{{ config(tags=['billing']) }}
select
    cast(user_id as varchar) as user_id,
    upper(trim(country)) as country,
    cast(signup_date as date) as signup_date,
    lower(trim(plan_type)) as plan_type
from {{ source('billing', 'users') }}
