{{ config(tags=['billing']) }}
-- Monthly revenue in the KPI mart equals the payments taken in each month.
with payments as (
    select {{ month_start('payment_date') }} as month, sum(amount) as revenue
    from {{ ref('stg_payments') }}
    group by 1
)
select k.month, k.revenue, p.revenue as payments
from {{ ref('mart_monthly_kpis') }} k
left join payments p on p.month = k.month
where k.revenue <> coalesce(p.revenue, 0)
