select
    user_id,
    upper(country) as country,
    cast(signup_date as date) as signup_date,
    lower(plan_type) as plan_type
from {{ ref('users_raw') }}
