{% snapshot subscription_snapshot_check %}
{{
    config(
        unique_key='subscription_id',
        strategy='check',
        check_cols=['end_date', 'monthly_price', 'status'],
        tags=['billing', 'snapshot']
    )
}}
select subscription_id, user_id, start_date, end_date, monthly_price, status
from {{ ref('stg_subscriptions') }}
{% endsnapshot %}
