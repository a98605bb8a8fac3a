select
    month,
    count(distinct case when is_viewing then user_id end) as mau,
    count(distinct case when is_paying then user_id end) as paying_users,
    sum(revenue) as revenue,
    round(sum(revenue) / nullif(count(distinct case when is_paying then user_id end), 0), 2) as arpu
from {{ ref('fact_user_monthly_metrics') }}
where month <= cast('{{ var("as_of_month") }}' as date)
group by month
order by month
