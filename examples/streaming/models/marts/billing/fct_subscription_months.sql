{{ config(tags=['billing']) }}
{#-
  Factless fact: one row per user and month in which the user had a subscription running.
  Open-ended subscriptions run to the as-of month (the `as_of_month` var, else the latest
  month in the billing data); months past the as-of month are not counted.
-#}
with as_of as (
    {% if var('as_of_month', '') | string | trim != '' %}
    select cast('{{ var("as_of_month") }}' as date) as as_of_month
    {% else %}
    select {{ month_start('max(d)') }} as as_of_month
    from (
        select max(payment_date) as d from {{ ref('stg_payments') }}
        union all
        select max(watch_date) from {{ ref('stg_viewing_activity') }}
        union all
        select max(start_date) from {{ ref('stg_subscriptions') }}
    )
    {% endif %}
),
periods as (
    select
        s.subscription_id,
        s.user_id,
        s.monthly_price,
        {{ month_start('s.start_date') }} as first_month,
        least({{ month_start('coalesce(s.end_date, a.as_of_month)') }}, a.as_of_month) as last_month
    from {{ ref('stg_subscriptions') }} s
    cross join as_of a
),
months as (
    select
        p.user_id,
        cast(m.month as date) as month,
        p.subscription_id,
        p.monthly_price
    from periods p,
        lateral (select unnest(generate_series(p.first_month, p.last_month, interval 1 month)) as month) m
    where p.first_month <= p.last_month
)
select
    user_id,
    month,
    count(*) as subscriptions_running,
    max(monthly_price) as monthly_price,
    arg_max(subscription_id, monthly_price) as subscription_id
from months
group by user_id, month
