{#- Applying a snapshot's staging table to the snapshot table: the closed versions get their
    valid-to, the new versions are inserted. Plus the columns a snapshot gains and the clean-up
    after a run. -#}
{% macro snapshot_merge_sql(target, source, insert_cols) -%}
  {{ adapter.dispatch('snapshot_merge_sql', 'dbt')(target, source, insert_cols) }}
{%- endmacro %}

{% macro default__snapshot_merge_sql(target, source, insert_cols) -%}
  {%- set insert_cols_csv = insert_cols | join(', ') -%}
  {%- set columns = config.get('snapshot_table_column_names') or get_snapshot_table_column_names() -%}
  {%- set current_to = config.get('dbt_valid_to_current') -%}
merge into {{ target.render() }} as DBT_INTERNAL_DEST
using {{ source }} as DBT_INTERNAL_SOURCE
on DBT_INTERNAL_SOURCE.{{ columns.dbt_scd_id }} = DBT_INTERNAL_DEST.{{ columns.dbt_scd_id }}
when matched
  {%- if current_to %}
  and (DBT_INTERNAL_DEST.{{ columns.dbt_valid_to }} = {{ current_to }} or DBT_INTERNAL_DEST.{{ columns.dbt_valid_to }} is null)
  {%- else %}
  and DBT_INTERNAL_DEST.{{ columns.dbt_valid_to }} is null
  {%- endif %}
  and DBT_INTERNAL_SOURCE.dbt_change_type in ('update', 'delete')
  then update set {{ columns.dbt_valid_to }} = DBT_INTERNAL_SOURCE.{{ columns.dbt_valid_to }}
when not matched
  and DBT_INTERNAL_SOURCE.dbt_change_type = 'insert'
  then insert ({{ insert_cols_csv }})
  values (
    {%- for column in insert_cols -%}
    DBT_INTERNAL_SOURCE.{{ column }}{{ ', ' if not loop.last }}
    {%- endfor -%}
  )
{%- endmacro %}

{#- dbt-duckdb's two statements: close the versions the staging table updates or deletes, then
    insert its new versions. -#}
{% macro duckdb__snapshot_merge_sql(target, source, insert_cols) -%}
  {%- set columns = config.get('snapshot_table_column_names') or get_snapshot_table_column_names() -%}
  {%- set current_to = config.get('dbt_valid_to_current') -%}
update {{ target }} as DBT_INTERNAL_TARGET
set {{ columns.dbt_valid_to }} = DBT_INTERNAL_SOURCE.{{ columns.dbt_valid_to }}
from {{ source }} as DBT_INTERNAL_SOURCE
where DBT_INTERNAL_SOURCE.{{ columns.dbt_scd_id }}::text = DBT_INTERNAL_TARGET.{{ columns.dbt_scd_id }}::text
  and DBT_INTERNAL_SOURCE.dbt_change_type::text in ('update'::text, 'delete'::text)
  {%- if current_to %}
  and (DBT_INTERNAL_TARGET.{{ columns.dbt_valid_to }} = {{ current_to }} or DBT_INTERNAL_TARGET.{{ columns.dbt_valid_to }} is null);
  {%- else %}
  and DBT_INTERNAL_TARGET.{{ columns.dbt_valid_to }} is null;
  {%- endif %}

insert into {{ target }} ({{ insert_cols | join(', ') }})
select {% for column in insert_cols -%}
  DBT_INTERNAL_SOURCE.{{ column }}{{ ', ' if not loop.last }}
{%- endfor %}
from {{ source }} as DBT_INTERNAL_SOURCE
where DBT_INTERNAL_SOURCE.dbt_change_type::text = 'insert'::text;
{%- endmacro %}

{#- Adds columns (api.Column objects) the query gained to the snapshot table. -#}
{% macro create_columns(relation, columns) -%}
  {{ adapter.dispatch('create_columns', 'dbt')(relation, columns) }}
{%- endmacro %}

{% macro default__create_columns(relation, columns) -%}
  {%- for column in columns -%}
    {%- call statement() -%}
      alter table {{ relation.render() }} add column {{ adapter.quote(column.name) }} {{ column.data_type }};
    {%- endcall -%}
  {%- endfor -%}
{%- endmacro %}

{#- After a snapshot run: nothing by default; dbt-duckdb drops the staging table. -#}
{% macro post_snapshot(staging_relation) -%}
  {{ adapter.dispatch('post_snapshot', 'dbt')(staging_relation) }}
{%- endmacro %}

{% macro default__post_snapshot(staging_relation) -%}
{%- endmacro %}

{% macro duckdb__post_snapshot(staging_relation) -%}
  {{ return(drop_relation(staging_relation)) }}
{%- endmacro %}
