{{ config(tags=['billing']) }}
{#- One row per user and month with any viewing, payment or running subscription: the single source of the monthly KPIs. -#}
with viewing as (
    select user_id, {{ month_start('watch_date') }} as month, sum(hours_watched) as hours_watched
    from {{ ref('stg_viewing_activity') }}
    group by 1, 2
),
payments as (
    select user_id, {{ month_start('payment_date') }} as month, sum(amount) as revenue, count(*) as payments
    from {{ ref('stg_payments') }}
    group by 1, 2
),
subscribed as (
    select user_id, month from {{ ref('fct_subscription_months') }}
),
user_months as (
    select user_id, month from viewing
    union
    select user_id, month from payments
    union
    select user_id, month from subscribed
)
select
    um.user_id,
    um.month,
    coalesce(v.hours_watched, 0) as hours_watched,
    coalesce(p.revenue, 0) as revenue,
    coalesce(p.payments, 0) as payments,
    v.user_id is not null as is_viewing,
    p.user_id is not null as is_paying,
    s.user_id is not null as is_subscribed
from user_months um
left join viewing v on v.user_id = um.user_id and v.month = um.month
left join payments p on p.user_id = um.user_id and p.month = um.month
left join subscribed s on s.user_id = um.user_id and s.month = um.month
