-- Revenue in the fact must equal the sum of payments.
select 1 as mismatch
from (select sum(revenue) as r from {{ ref('fact_user_monthly_metrics') }}) f
cross join (select sum(amount) as r from {{ ref('stg_payments') }}) p
where f.r <> p.r
