{#- The SQL builders of dbt's incremental strategies: delete+insert, merge (with the columns a
    matched row updates) and insert_overwrite. The dispatching names pick dbt-duckdb's flavour on
    DuckDB (its merge is in duckdb/merge_clauses.sql); the default__ ones are dbt's generic SQL,
    written so DuckDB accepts it too. -#}

{% macro get_delete_insert_merge_sql(target, source, unique_key, dest_columns, incremental_predicates=none) -%}
  {{ adapter.dispatch('get_delete_insert_merge_sql', 'dbt')(target, source, unique_key, dest_columns, incremental_predicates) }}
{%- endmacro %}

{% macro duckdb__get_delete_insert_merge_sql(target, source, unique_key, dest_columns, incremental_predicates=none) -%}
  {%- set dest_cols_csv = get_quoted_csv(dest_columns | map(attribute="name")) -%}
  {%- if unique_key -%}
    {%- if unique_key is sequence and unique_key is not string %}
  delete from {{ target }} as DBT_INCREMENTAL_TARGET
  using {{ source }}
  where (
    {%- for key in unique_key %}
    {{ source }}.{{ key }} = DBT_INCREMENTAL_TARGET.{{ key }}{{ " and" if not loop.last }}
    {%- endfor %}
    {%- for predicate in incremental_predicates or [] %}
    and {{ predicate }}
    {%- endfor %}
  );
    {%- else %}
  delete from {{ target }}
  where ({{ unique_key }}) in (
    select ({{ unique_key }})
    from {{ source }}
  )
    {%- for predicate in incremental_predicates or [] %}
    and {{ predicate }}
    {%- endfor %};
    {%- endif -%}
  {%- endif %}
  insert into {{ target }} ({{ dest_cols_csv }})
  (
    select {{ dest_cols_csv }}
    from {{ source }}
  )
{%- endmacro %}

{#- dbt's generic delete+insert: delete the target rows whose key tuple the source holds, then insert. -#}
{% macro default__get_delete_insert_merge_sql(target, source, unique_key, dest_columns, incremental_predicates=none) -%}
  {%- set dest_cols_csv = get_quoted_csv(dest_columns | map(attribute="name")) -%}
  {%- if unique_key -%}
    {%- set keys = [unique_key] if unique_key is string else unique_key -%}
    {%- set key_csv = keys | join(', ') %}
  delete from {{ target }}
  where ({{ key_csv }}) in (
    select distinct {{ key_csv }}
    from {{ source }}
  )
    {%- for predicate in incremental_predicates or [] %}
    and {{ predicate }}
    {%- endfor %};
  {%- endif %}
  insert into {{ target }} ({{ dest_cols_csv }})
  (
    select {{ dest_cols_csv }}
    from {{ source }}
  )
{%- endmacro %}

{% macro get_merge_sql(target, source, unique_key, dest_columns, incremental_predicates=none) -%}
  {{ adapter.dispatch('get_merge_sql', 'dbt')(target, source, unique_key, dest_columns, incremental_predicates) }}
{%- endmacro %}

{#- dbt's generic merge: the key match, matched rows updating every update column
    (merge_update_columns / merge_exclude_columns), the others inserted. dbt-duckdb's own form,
    which reads its other merge configs, is in duckdb/merge_clauses.sql. -#}
{% macro default__get_merge_sql(target, source, unique_key, dest_columns, incremental_predicates=none) -%}
  {%- set predicates = [] if incremental_predicates is none else [] + incremental_predicates -%}
  {%- set dest_cols_csv = get_quoted_csv(dest_columns | map(attribute="name")) -%}
  {%- set update_columns = get_merge_update_columns(config.get('merge_update_columns'), config.get('merge_exclude_columns'), dest_columns) -%}
  {%- set sql_header = config.get('sql_header', none) -%}
  {%- if unique_key -%}
    {%- set keys = unique_key if (unique_key is sequence and unique_key is not mapping and unique_key is not string) else [unique_key] -%}
    {%- for key in keys -%}
      {%- do predicates.append(equals('DBT_INTERNAL_SOURCE.' ~ key, 'DBT_INTERNAL_DEST.' ~ key) | trim) -%}
    {%- endfor -%}
  {%- else -%}
    {%- do predicates.append('FALSE') -%}
  {%- endif %}
  {{ sql_header if sql_header is not none }}
  merge into {{ target }} as DBT_INTERNAL_DEST
  using {{ source }} as DBT_INTERNAL_SOURCE
  on {{ "(" ~ predicates | join(") and (") ~ ")" }}
  {%- if unique_key and update_columns | length > 0 %}
  when matched then update set
    {%- for column_name in update_columns %}
    {{ column_name }} = DBT_INTERNAL_SOURCE.{{ column_name }}{{ "," if not loop.last }}
    {%- endfor %}
  {%- endif %}
  when not matched then insert ({{ dest_cols_csv }})
  values (
    {%- for column in dest_columns -%}
    DBT_INTERNAL_SOURCE.{{ adapter.quote(column.name) }}{{ ", " if not loop.last }}
    {%- endfor -%}
  )
{%- endmacro %}

{#- The quoted columns a merge's matched rows update: merge_update_columns, or all but merge_exclude_columns. -#}
{% macro get_merge_update_columns(merge_update_columns, merge_exclude_columns, dest_columns) %}
  {{ return(adapter.dispatch('get_merge_update_columns', 'dbt')(merge_update_columns, merge_exclude_columns, dest_columns)) }}
{% endmacro %}

{% macro default__get_merge_update_columns(merge_update_columns, merge_exclude_columns, dest_columns) %}
  {%- if merge_update_columns and merge_exclude_columns -%}
    {{ exceptions.raise_compiler_error('Model cannot specify merge_update_columns and merge_exclude_columns. Please update model to use only one config') }}
  {%- elif merge_update_columns -%}
    {%- set update_columns = merge_update_columns -%}
  {%- elif merge_exclude_columns -%}
    {%- set excluded = merge_exclude_columns | map('lower') | list -%}
    {%- set update_columns = [] -%}
    {%- for column in dest_columns -%}
      {%- if column.column | lower not in excluded -%}
        {%- do update_columns.append(column.quoted) -%}
      {%- endif -%}
    {%- endfor -%}
  {%- else -%}
    {%- set update_columns = dest_columns | map(attribute="quoted") | list -%}
  {%- endif -%}
  {{ return(update_columns) }}
{% endmacro %}

{#- insert_overwrite as a merge: target rows matching `predicates` (all rows when there are none)
    are deleted and every source row inserted, in one statement. -#}
{% macro get_insert_overwrite_merge_sql(target, source, dest_columns, predicates, include_sql_header=false) -%}
  {{ adapter.dispatch('get_insert_overwrite_merge_sql', 'dbt')(target, source, dest_columns, predicates, include_sql_header) }}
{%- endmacro %}

{% macro default__get_insert_overwrite_merge_sql(target, source, dest_columns, predicates, include_sql_header) -%}
  {%- set predicates = [] if predicates is none else [] + predicates -%}
  {%- set dest_cols_csv = get_quoted_csv(dest_columns | map(attribute="name")) -%}
  {%- set sql_header = config.get('sql_header', none) -%}
  {{ sql_header if sql_header is not none and include_sql_header }}
  merge into {{ target }} as DBT_INTERNAL_DEST
  using {{ source }} as DBT_INTERNAL_SOURCE
  on FALSE
  when not matched by source
    {%- if predicates %} and {{ predicates | join(' and ') }}{% endif %}
    then delete
  when not matched then insert ({{ dest_cols_csv }})
  values (
    {%- for column in dest_columns -%}
    DBT_INTERNAL_SOURCE.{{ adapter.quote(column.name) }}{{ ", " if not loop.last }}
    {%- endfor -%}
  )
{%- endmacro %}
