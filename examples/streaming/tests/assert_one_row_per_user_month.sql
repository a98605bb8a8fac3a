{{ config(tags=['billing']) }}
-- fct_subscription_months has one row per user and month, never one per subscription or an array.
select user_id, month, count(*) as rows_for_user_month
from {{ ref('fct_subscription_months') }}
group by user_id, month
having count(*) > 1
