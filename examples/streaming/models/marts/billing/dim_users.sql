{{ config(tags=['billing']) }}
select
    md5(u.user_id) as user_key,
    u.user_id,
    u.country,
    u.signup_date,
    u.plan_type,
    count(s.subscription_id) as subscription_count,
    min(s.start_date) as first_subscribed_on
from {{ ref('stg_users') }} u
left join {{ ref('stg_subscriptions') }} s on s.user_id = u.user_id
group by all
