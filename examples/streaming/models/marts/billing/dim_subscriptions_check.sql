{{ config(tags=['billing']) }}
{#- Subscription history from the check-strategy snapshot: one row per version of a period. -#}
select
    dbt_scd_id as subscription_version_id,
    subscription_id,
    user_id,
    start_date,
    end_date,
    monthly_price,
    status,
    dbt_valid_from as valid_from,
    dbt_valid_to as valid_to,
    dbt_valid_to is null as is_current
from {{ ref('subscription_snapshot_check') }}
