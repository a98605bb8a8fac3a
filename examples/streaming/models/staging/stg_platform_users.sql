{{ config(tags=['billing', 'platform_db']) }}
{#-
  Users from the operational Postgres database once `reelhouse ingest platform_db` has loaded
  them (STREAMING_PG_URL set); until then the billing export's users stand in, so the models
  build the same way with or without the database.
-#}
{%- set pg_users = source('platform', 'users') -%}
{% if execute and load_relation(pg_users) is not none %}
select
    cast(user_id as varchar) as user_id,
    upper(trim(country)) as country,
    cast(signup_date as date) as signup_date,
    lower(trim(plan_type)) as plan_type,
    cast(updated_at as timestamp) as updated_at,
    'postgres' as origin
from {{ pg_users }}
{% else %}
select
    user_id,
    country,
    signup_date,
    plan_type,
    cast(signup_date as timestamp) as updated_at,
    'billing_export' as origin
from {{ ref('stg_users') }}
{% endif %}
