-- Monthly active users: distinct users with any viewing in the month (see kpi_definitions).
select
    month,
    count(distinct user_id) filter (where is_viewing) as monthly_active_users
from {{ ref('fact_user_monthly_metrics') }}
group by month
order by month
