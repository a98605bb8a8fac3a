{#- dbt's built-in incremental strategy macros (get_incremental_<name>_sql), as dbt-duckdb resolves
    them; the SQL builders they call are in merge.sql. Reelhouse runs its native statements for a
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


{#- merge: DuckDB's MERGE INTO, shaped by dbt-duckdb's merge configs (duckdb/merge_clauses.sql). -#}
{% macro get_incremental_merge_sql(arg_dict) %}
  {{ return(adapter.dispatch('get_incremental_merge_sql', 'dbt')(arg_dict)) }}
{% endmacro %}

{#- dbt-duckdb's merge: its incremental_predicates made a list first (one string is allowed). -#}
{% macro duckdb__get_incremental_merge_sql(args_dict) %}
  {%- set target_relation = args_dict['target_relation'] -%}
  {%- set temp_relation = args_dict['temp_relation'] -%}
  {%- set unique_key = args_dict['unique_key'] -%}
  {%- set dest_columns = args_dict['dest_columns'] -%}
  {%- set incremental_predicates = normalize_incremental_predicates(args_dict.get('incremental_predicates')) -%}

  {%- set build_sql = duckdb__get_merge_sql(target_relation, temp_relation, unique_key, dest_columns, incremental_predicates) -%}

  {{ return(build_sql) }}
{% endmacro %}

{% macro default__get_incremental_merge_sql(arg_dict) %}
  {{ return(get_merge_sql(arg_dict['target_relation'], arg_dict['temp_relation'], arg_dict['unique_key'], arg_dict['dest_columns'], arg_dict.get('incremental_predicates'))) }}
{% endmacro %}

{#- dbt-duckdb's own strategy wrappers name the target with its database (DuckDB can attach several). -#}
{% macro duckdb__get_incremental_default_sql(arg_dict) %}
  {% do return(get_incremental_delete_insert_sql(arg_dict)) %}
{% endmacro %}

{% macro duckdb__get_incremental_append_sql(arg_dict) %}
  {% do return(get_insert_into_sql(arg_dict["target_relation"].include(database=adapter.use_database()), arg_dict["temp_relation"], arg_dict["dest_columns"])) %}
{% endmacro %}

{% macro duckdb__get_incremental_delete_insert_sql(arg_dict) %}
  {% do return(get_delete_insert_merge_sql(arg_dict["target_relation"].include(database=adapter.use_database()), arg_dict["temp_relation"], arg_dict["unique_key"], arg_dict["dest_columns"], arg_dict.get("incremental_predicates"))) %}
{% endmacro %}

{#- insert_overwrite: replace the target rows the predicates select with the staged rows. -#}
{% macro get_incremental_insert_overwrite_sql(arg_dict) %}
  {{ return(adapter.dispatch('get_incremental_insert_overwrite_sql', 'dbt')(arg_dict)) }}
{% endmacro %}

{% macro default__get_incremental_insert_overwrite_sql(arg_dict) %}
  {{ return(get_insert_overwrite_merge_sql(arg_dict["target_relation"], arg_dict["temp_relation"], arg_dict["dest_columns"], arg_dict.get("incremental_predicates"))) }}
{% endmacro %}

{#- microbatch: each batch deletes the target rows of its event_time range and inserts the staged
    rows of that range (dbt-duckdb's delete+insert on event_time; unique_key is refused). -#}
{% macro get_incremental_microbatch_sql(arg_dict) %}
  {{ return(adapter.dispatch('get_incremental_microbatch_sql', 'dbt')(arg_dict)) }}
{% endmacro %}

{% macro default__get_incremental_microbatch_sql(arg_dict) %}
  {{ exceptions.raise_not_implemented('microbatch materialization strategy not implemented for adapter ' + adapter.type()) }}
{% endmacro %}

{% macro duckdb__get_incremental_microbatch_sql(arg_dict) -%}
  {%- set event_time = config.get('event_time') -%}
  {%- if not event_time -%}
    {{ exceptions.raise_compiler_error("microbatch incremental strategy requires an 'event_time' model config") }}
  {%- endif -%}
  {%- if config.get('unique_key') -%}
    {{ exceptions.raise_compiler_error("microbatch incremental strategy does not support 'unique_key'. Microbatch runs delete+insert per batch based on 'event_time' and does not do key-based upserts. Remove 'unique_key' or use incremental_strategy='merge'.") }}
  {%- endif -%}
  {%- set batch = model.get('batch') -%}
  {%- set start = batch.get('event_time_start') if batch else none -%}
  {%- set end = batch.get('event_time_end') if batch else none -%}
  {%- if not (start and end) -%}
    {{ exceptions.raise_compiler_error("microbatch incremental strategy requires 'batch.event_time_start' and 'batch.event_time_end' to be set in the context") }}
  {%- endif -%}
  {%- set dest_cols_csv = get_quoted_csv(arg_dict["dest_columns"] | map(attribute="name")) -%}
  {%- set in_batch -%}
    {{ event_time }} >= cast('{{ start }}' as timestamp) and {{ event_time }} < cast('{{ end }}' as timestamp)
    {%- for predicate in arg_dict.get("incremental_predicates") or [] %} and ({{ predicate }}){% endfor -%}
  {%- endset -%}
  {%- set build_sql -%}
  delete from {{ arg_dict["target_relation"] }}
  where {{ in_batch }};

  insert into {{ arg_dict["target_relation"] }} ({{ dest_cols_csv }})
  select {{ dest_cols_csv }}
  from {{ arg_dict["temp_relation"] }}
  where {{ in_batch }}
  {%- endset -%}
  {{ return(build_sql) }}
{%- endmacro %}
