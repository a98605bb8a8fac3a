select month, revenue from {{ ref('mart_monthly_kpis') }} order by month
