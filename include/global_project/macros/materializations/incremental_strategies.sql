{#- dbt's built-in incremental strategy macros (get_incremental_<name>_sql) and the helpers they
    build their SQL with, as dbt-duckdb resolves them. Reelhouse runs its native statements for a
    built-in strategy; these exist so that a project's own strategy macro can hand its arg_dict
    on to a built-in one (`{{ return(get_incremental_merge_sql(arg_dict)) }}`), as dbt allows. -#}

{#- The default strategy on DuckDB: delete+insert when the model has a unique_key, else append. -#}
{% macro get_incremental_default_sql(arg_dict) %}
  {{ return(adapter.dispatch('get_incremental_default_sql', 'dbt')(arg_dict)) }}
{% endmacro %}

{% macro default__get_incremental_default_sql(arg_dict) %}
  {%- if arg_dict["unique_key"] -%}
    {% do return(get_incremental_delete_insert_sql(arg_dict)) %}
  {%- else -%}
    {% do return(get_incremental_append_sql(arg_dict)) %}
  {%- endif -%}
{% endmacro %}

{#- append: insert every staged row. -#}
{% macro get_incremental_append_sql(arg_dict) %}
  {{ return(adapter.dispatch('get_incremental_append_sql', 'dbt')(arg_dict)) }}
{% endmacro %}

{% macro default__get_incremental_append_sql(arg_dict) %}
  {% do return(get_insert_into_sql(arg_dict["target_relation"], arg_dict["temp_relation"], arg_dict["dest_columns"])) %}
{% endmacro %}

{% macro get_insert_into_sql(target_relation, temp_relation, dest_columns) %}
  {%- set dest_cols_csv = get_quoted_csv(dest_columns | map(attribute="name")) -%}
  insert into {{ target_relation }} ({{ dest_cols_csv }})
  (
    select {{ dest_cols_csv }}
    from {{ temp_relation }}
  )
{% endmacro %}

{#- delete+insert: delete the target rows whose key the staged rows hold, then insert them all. -#}
{% macro get_incremental_delete_insert_sql(arg_dict) %}
  {{ return(adapter.dispatch('get_incremental_delete_insert_sql', 'dbt')(arg_dict)) }}
{% endmacro %}

{% macro default__get_incremental_delete_insert_sql(arg_dict) %}
  {% do return(get_delete_insert_merge_sql(arg_dict["target_relation"], arg_dict["temp_relation"], arg_dict["unique_key"], arg_dict["dest_columns"], arg_dict["incremental_predicates"])) %}
{% endmacro %}

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

{#- merge: DuckDB's MERGE INTO, matched keys update (merge_update_columns / merge_exclude_columns), others insert. -#}
{% macro get_incremental_merge_sql(arg_dict) %}
  {{ return(adapter.dispatch('get_incremental_merge_sql', 'dbt')(arg_dict)) }}
{% endmacro %}

{% macro duckdb__get_incremental_merge_sql(arg_dict) %}
  {%- set build_sql = duckdb__get_merge_sql(arg_dict['target_relation'], arg_dict['temp_relation'], arg_dict['unique_key'], arg_dict['dest_columns'], arg_dict.get('incremental_predicates')) -%}
  {{ return(build_sql) }}
{% endmacro %}

{% macro get_merge_sql(target, source, unique_key, dest_columns, incremental_predicates=none) -%}
  {{ adapter.dispatch('get_merge_sql', 'dbt')(target, source, unique_key, dest_columns, incremental_predicates) }}
{%- endmacro %}

{% macro duckdb__get_merge_sql(target, source, unique_key, dest_columns, incremental_predicates=none) -%}
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
