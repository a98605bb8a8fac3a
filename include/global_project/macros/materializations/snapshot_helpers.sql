{#- Helpers a custom snapshot strategy (a `snapshot_<name>_strategy` macro) calls. -#}

{#- The hash identifying a snapshot row version: md5 of the parts as text, NULL as '', joined by '|'
    (the value Reelhouse's built-in strategies write to dbt_scd_id). -#}
{% macro snapshot_hash_arguments(args) -%}
  {{ return(adapter.dispatch('snapshot_hash_arguments', 'dbt')(args)) }}
{%- endmacro %}

{% macro default__snapshot_hash_arguments(args) -%}
  md5({%- for arg in args -%}coalesce(cast({{ arg }} as varchar), ''){% if not loop.last %} || '|' || {% endif %}{%- endfor -%})
{%- endmacro %}

{#- dbt's built-in strategies as macros, for a custom strategy that wraps one
    (`{% set s = snapshot_timestamp_strategy(node, snapshotted_rel, current_rel, model_config, target_exists) %}`).
    They return the pieces a strategy returns: unique_key, updated_at, row_changed and scd_id. -#}
{% macro snapshot_timestamp_strategy(node, snapshotted_rel, current_rel, model_config, target_exists) -%}
  {%- set primary_key = config.get('unique_key') -%}
  {%- set updated_at = config.get('updated_at') -%}
  {%- set hard_deletes = snapshot_hard_deletes_behavior() -%}
  {%- set columns = get_snapshot_table_column_names() -%}
  {#- The snapshot's own valid-from column, not the user's updated_at: the snapshot may have been a check snapshot before. -#}
  {%- set row_changed_expr -%}
    ({{ snapshotted_rel }}.{{ columns.dbt_valid_from }} < {{ current_rel }}.{{ updated_at }})
  {%- endset -%}
  {%- set scd_id_expr = snapshot_hash_arguments(snapshot_scd_args(primary_key, updated_at)) -%}
  {%- do return({
      "unique_key": primary_key,
      "updated_at": updated_at,
      "row_changed": row_changed_expr,
      "scd_id": scd_id_expr,
      "invalidate_hard_deletes": hard_deletes == 'invalidate',
      "hard_deletes": hard_deletes
  }) -%}
{%- endmacro %}

{% macro snapshot_check_strategy(node, snapshotted_rel, current_rel, model_config, target_exists) -%}
  {%- set check_cols_config = config.get('check_cols') -%}
  {%- set primary_key = config.get('unique_key') -%}
  {%- set hard_deletes = snapshot_hard_deletes_behavior() -%}
  {%- set updated_at = config.get('updated_at') or snapshot_get_time() -%}
  {%- set column_added, check_cols = snapshot_check_all_get_existing_columns(node, target_exists, check_cols_config) -%}
  {%- set row_changed_expr -%}
    (
    {%- if column_added -%}
      {{ get_true_sql() }}
    {%- else -%}
    {%- for col in check_cols -%}
      {{ snapshotted_rel }}.{{ col }} != {{ current_rel }}.{{ col }}
      or
      (
        (({{ snapshotted_rel }}.{{ col }} is null) and not ({{ current_rel }}.{{ col }} is null))
      or
        ((not {{ snapshotted_rel }}.{{ col }} is null) and ({{ current_rel }}.{{ col }} is null))
      )
      {%- if not loop.last %} or {% endif -%}
    {%- endfor -%}
    {%- endif -%}
    )
  {%- endset -%}
  {%- set scd_id_expr = snapshot_hash_arguments(snapshot_scd_args(primary_key, updated_at)) -%}
  {%- do return({
      "unique_key": primary_key,
      "updated_at": updated_at,
      "row_changed": row_changed_expr,
      "scd_id": scd_id_expr,
      "invalidate_hard_deletes": hard_deletes == 'invalidate',
      "hard_deletes": hard_deletes
  }) -%}
{%- endmacro %}

{#- The check columns a check strategy compares (those the snapshot table already has, quoted), and
    whether the query has a column the table lacks (then every row counts as changed). -#}
{% macro snapshot_check_all_get_existing_columns(node, target_exists, check_cols_config) -%}
  {%- if check_cols_config == 'all' -%}
    {%- set query_columns = get_columns_in_query(node['compiled_code']) -%}
  {%- elif check_cols_config is iterable and (check_cols_config | length) > 0 -%}
    {%- set select_check_cols_from_target -%}
      select {{ check_cols_config | join(', ') }} from (
        {{ node['compiled_code'] }}
      ) subq
    {%- endset -%}
    {%- set query_columns = get_columns_in_query(select_check_cols_from_target) -%}
  {%- else -%}
    {%- do exceptions.raise_compiler_error("Invalid value for 'check_cols': " ~ check_cols_config) -%}
  {%- endif -%}
  {%- if not target_exists -%}
    {{ return((false, query_columns)) }}
  {%- endif -%}
  {%- set target_relation = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias) -%}
  {%- set existing_cols = adapter.get_columns_in_relation(target_relation) | map(attribute='name') | list -%}
  {%- set ns = namespace(column_added=false) -%}
  {%- set intersection = [] -%}
  {%- for col in query_columns -%}
    {%- if col in existing_cols -%}
      {%- do intersection.append(adapter.quote(col)) -%}
    {%- else -%}
      {%- set ns.column_added = true -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return((ns.column_added, intersection)) }}
{%- endmacro %}

{#- The snapshot's meta column names: dbt's defaults, renamed by snapshot_meta_column_names. -#}
{% macro get_snapshot_table_column_names() -%}
  {%- set names = {'dbt_valid_to': 'dbt_valid_to', 'dbt_valid_from': 'dbt_valid_from', 'dbt_scd_id': 'dbt_scd_id', 'dbt_updated_at': 'dbt_updated_at', 'dbt_is_deleted': 'dbt_is_deleted'} -%}
  {%- set given = config.get('snapshot_table_column_names') or config.get('snapshot_meta_column_names') or {} -%}
  {%- for key, value in given.items() if value -%}
    {%- do names.update({key: value}) -%}
  {%- endfor -%}
  {{ return(names) }}
{%- endmacro %}

{#- dbt's adapter.get_hard_deletes_behavior: hard_deletes, else invalidate_hard_deletes' old meaning. -#}
{% macro snapshot_hard_deletes_behavior() -%}
  {%- set hard_deletes = config.get('hard_deletes') -%}
  {%- if hard_deletes -%}
    {{ return(hard_deletes | lower) }}
  {%- endif -%}
  {{ return('invalidate' if config.get('invalidate_hard_deletes') else 'ignore') }}
{%- endmacro %}

{#- dbt's Relation.scd_args: the unique key's columns, then updated_at. -#}
{% macro snapshot_scd_args(primary_key, updated_at) -%}
  {%- set keys = primary_key if (primary_key is iterable and primary_key is not string) else [primary_key] -%}
  {{ return(keys + [updated_at]) }}
{%- endmacro %}

{% macro get_true_sql() -%}
  {{ adapter.dispatch('get_true_sql', 'dbt')() }}
{%- endmacro %}

{% macro default__get_true_sql() -%}
  {{ return('TRUE') }}
{%- endmacro %}
