{{ config(tags=['billing']) }}
{#- Users (the platform's account data) with their subscriptions and viewing behaviour. -#}
with subscriptions as (
    select
        user_id,
        count(*) as subscription_count,
        min(start_date) as first_subscribed_on
    from {{ ref('stg_subscriptions') }}
    group by user_id
),
viewing as (
    select
        user_id,
        count(*) as viewing_days,
        sum(hours_watched) as hours_watched,
        max(watch_date) as last_watch_date
    from {{ ref('stg_platform_viewing') }}
    group by user_id
)
select
    md5(u.user_id) as user_key,
    u.user_id,
    u.country,
    u.signup_date,
    u.plan_type,
    coalesce(s.subscription_count, 0) as subscription_count,
    s.first_subscribed_on,
    coalesce(v.viewing_days, 0) as viewing_days,
    round(coalesce(v.hours_watched, 0), 2) as hours_watched,
    v.last_watch_date,
    u.origin as platform_origin
from {{ ref('stg_platform_users') }} u
left join subscriptions s on s.user_id = u.user_id
left join viewing v on v.user_id = u.user_id
