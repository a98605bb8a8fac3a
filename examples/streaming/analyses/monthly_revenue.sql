-- Monthly revenue: the sum of payments taken in the month, with paying users and ARPU.
select
    month,
    sum(revenue) as monthly_revenue,
    count(distinct user_id) filter (where is_paying) as paying_users,
    round(sum(revenue) / nullif(count(distinct user_id) filter (where is_paying), 0), 2) as arpu
from {{ ref('fact_user_monthly_metrics') }}
group by month
order by month
