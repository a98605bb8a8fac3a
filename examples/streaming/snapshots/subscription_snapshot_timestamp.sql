{% snapshot subscription_snapshot_timestamp %}
{{
    config(
        unique_key='subscription_id',
        strategy='timestamp',
        updated_at='updated_at',
        tags=['billing', 'snapshot']
    )
}}
select subscription_id, user_id, start_date, end_date, monthly_price, status, updated_at
from {{ ref('stg_subscriptions') }}
{% endsnapshot %}
