{{ config(tags=['billing']) }}
{#- Monthly KPIs; see the kpi_definitions docs block for each definition. -#}
with metrics as (
    select * replace (cast(month as date) as month) from {{ ref('fact_user_monthly_metrics') }}
),
subscription_months as (
    select user_id, cast(month as date) as month from {{ ref('fct_subscription_months') }}
),
subscriber_flags as (
    select
        user_id,
        month,
        lag(month) over (partition by user_id order by month) as previous_month,
        row_number() over (partition by user_id order by month) as nth_month
    from subscription_months
),
movement as (
    select
        month,
        count(*) filter (where nth_month = 1) as new_subscribers,
        count(*) filter (where nth_month > 1 and previous_month < month - interval 1 month) as reactivated_subscribers
    from subscriber_flags
    group by month
),
churn as (
    {#- Subscribed in the month before and not in this one. -#}
    select cast(f.month + interval 1 month as date) as month, count(*) as churned_subscribers
    from subscription_months f
    left join subscription_months n
        on n.user_id = f.user_id and n.month = f.month + interval 1 month
    where n.user_id is null
    group by 1
),
kpis as (
    select
        month,
        count(distinct user_id) filter (where is_viewing) as mau,
        count(distinct user_id) filter (where is_paying) as paying_users,
        count(distinct user_id) filter (where is_subscribed) as subscribers,
        cast(sum(revenue) as decimal(18, 2)) as revenue,
        sum(hours_watched) as hours_watched
    from metrics
    group by month
)
select
    k.month,
    k.mau,
    k.paying_users,
    k.subscribers,
    k.revenue,
    cast(round(k.revenue / nullif(k.paying_users, 0), 2) as decimal(18, 2)) as arpu,
    round(k.hours_watched, 1) as hours_watched,
    coalesce(m.new_subscribers, 0) as new_subscribers,
    coalesce(c.churned_subscribers, 0) as churned_subscribers,
    coalesce(m.reactivated_subscribers, 0) as reactivated_subscribers
from kpis k
left join movement m on m.month = k.month
left join churn c on c.month = k.month
where k.month <= (select max(month) from subscription_months)
   or not exists (select 1 from subscription_months)
order by k.month
