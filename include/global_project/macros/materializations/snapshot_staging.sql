{#- The tables dbt's snapshot materialization builds, for a snapshot materialization written as a
    macro: the first build of the snapshot table, and the staging table of changes (insert /
    update / delete rows) that snapshot_merge_sql applies. Reelhouse's own snapshot runs natively. -#}

{#- The `snapshot_<name>_strategy` macro of a strategy name (`pkg.name` looks in that package). -#}
{% macro strategy_dispatch(name) -%}
  {%- set original_name = name -%}
  {%- if '.' in name -%}
    {%- set package_name, name = name.split('.', 1) -%}
    {%- if package_name not in context -%}
      {{ exceptions.raise_compiler_error("Could not find package '" ~ package_name ~ "', called with '" ~ original_name ~ "'") }}
    {%- endif -%}
    {%- set scope = context[package_name] -%}
  {%- else -%}
    {%- set package_name = none -%}
    {%- set scope = context -%}
  {%- endif -%}
  {%- set macro_name = 'snapshot_' ~ name ~ '_strategy' -%}
  {%- if macro_name not in scope -%}
    {{ exceptions.raise_compiler_error("The specified strategy macro '" ~ name ~ "' was not found in package '" ~ package_name ~ "'") }}
  {%- endif -%}
  {{ return(scope[macro_name]) }}
{%- endmacro %}

{#- The unique key's columns aliased dbt_unique_key (or dbt_unique_key_1, _2... for a list). -#}
{% macro unique_key_fields(unique_key) -%}
  {%- if unique_key | is_list -%}
    {%- for key in unique_key %}
    {{ key }} as dbt_unique_key_{{ loop.index }}{{ ',' if not loop.last }}
    {%- endfor -%}
  {%- else %}
    {{ unique_key }} as dbt_unique_key
  {%- endif -%}
{%- endmacro %}

{% macro unique_key_join_on(unique_key, identifier, from_identifier) -%}
  {%- if unique_key | is_list -%}
    {%- for key in unique_key %}
    {{ equals((identifier ~ '.dbt_unique_key_' ~ loop.index) | trim, (from_identifier ~ '.dbt_unique_key_' ~ loop.index) | trim) }}{{ ' and' if not loop.last }}
    {%- endfor -%}
  {%- else -%}
    {{ identifier }}.dbt_unique_key = {{ from_identifier }}.dbt_unique_key
  {%- endif -%}
{%- endmacro %}

{% macro unique_key_is_null(unique_key, identifier) -%}
  {{ identifier }}.{{ 'dbt_unique_key_1' if unique_key | is_list else 'dbt_unique_key' }} is null
{%- endmacro %}

{% macro unique_key_is_not_null(unique_key, identifier) -%}
  {{ identifier }}.{{ 'dbt_unique_key_1' if unique_key | is_list else 'dbt_unique_key' }} is not null
{%- endmacro %}

{#- A current row's valid-to: dbt_valid_to_current when configured, else null (typed like updated_at). -#}
{% macro get_dbt_valid_to_current(strategy, columns) -%}
  {%- set current = config.get('dbt_valid_to_current') or 'null' -%}
  coalesce(nullif({{ strategy.updated_at }}, {{ strategy.updated_at }}), {{ current }}) as {{ columns.dbt_valid_to }}
{%- endmacro %}

{#- The first build: every row of the query, current, with its meta columns. -#}
{% macro build_snapshot_table(strategy, sql) -%}
  {{ adapter.dispatch('build_snapshot_table', 'dbt')(strategy, sql) }}
{%- endmacro %}

{% macro default__build_snapshot_table(strategy, sql) -%}
  {%- set columns = config.get('snapshot_table_column_names') or get_snapshot_table_column_names() -%}
select *,
  {{ strategy.scd_id }} as {{ columns.dbt_scd_id }},
  {{ strategy.updated_at }} as {{ columns.dbt_updated_at }},
  {{ strategy.updated_at }} as {{ columns.dbt_valid_from }},
  {{ get_dbt_valid_to_current(strategy, columns) }}
  {%- if strategy.hard_deletes == 'new_record' %},
  'False' as {{ columns.dbt_is_deleted }}
  {%- endif %}
from (
  {{ sql }}
) sbq
{%- endmacro %}

{#- The changes since the last run: new and changed rows to insert, the current versions they
    close (update), and with hard_deletes the rows gone from the query (delete, and with
    new_record an inserted deletion record). -#}
{% macro snapshot_staging_table(strategy, source_sql, target_relation) -%}
  {{ adapter.dispatch('snapshot_staging_table', 'dbt')(strategy, source_sql, target_relation) }}
{%- endmacro %}

{% macro default__snapshot_staging_table(strategy, source_sql, target_relation) -%}
  {%- set columns = config.get('snapshot_table_column_names') or get_snapshot_table_column_names() -%}
  {%- set track_deletes = strategy.hard_deletes in ['invalidate', 'new_record'] -%}
  {%- set new_record = strategy.hard_deletes == 'new_record' -%}
  {%- set current_to = config.get('dbt_valid_to_current') -%}
  {%- set reopened -%}{%- if new_record %} or snapshotted_data.{{ columns.dbt_is_deleted }} = 'True'{% endif -%}{%- endset -%}
with snapshot_query as (
  {{ source_sql }}
),
snapshotted_data as (
  select *, {{ unique_key_fields(strategy.unique_key) }}
  from {{ target_relation }}
  where
  {%- if current_to %}
    ({{ equals(columns.dbt_valid_to | trim, current_to | trim) }} or {{ columns.dbt_valid_to }} is null)
  {%- else %}
    {{ columns.dbt_valid_to }} is null
  {%- endif %}
),
insertions_source_data as (
  select *, {{ unique_key_fields(strategy.unique_key) }},
    {{ strategy.updated_at }} as {{ columns.dbt_updated_at }},
    {{ strategy.updated_at }} as {{ columns.dbt_valid_from }},
    {{ get_dbt_valid_to_current(strategy, columns) }},
    {{ strategy.scd_id }} as {{ columns.dbt_scd_id }}
  from snapshot_query
),
updates_source_data as (
  select *, {{ unique_key_fields(strategy.unique_key) }},
    {{ strategy.updated_at }} as {{ columns.dbt_updated_at }},
    {{ strategy.updated_at }} as {{ columns.dbt_valid_from }},
    {{ strategy.updated_at }} as {{ columns.dbt_valid_to }}
  from snapshot_query
),
{%- if track_deletes %}
deletes_source_data as (
  select *, {{ unique_key_fields(strategy.unique_key) }}
  from snapshot_query
),
{%- endif %}
insertions as (
  select 'insert' as dbt_change_type, source_data.*
    {%- if new_record %}, 'False' as {{ columns.dbt_is_deleted }}{% endif %}
  from insertions_source_data as source_data
  left outer join snapshotted_data
    on {{ unique_key_join_on(strategy.unique_key, 'snapshotted_data', 'source_data') }}
  where {{ unique_key_is_null(strategy.unique_key, 'snapshotted_data') }}
    or ({{ unique_key_is_not_null(strategy.unique_key, 'snapshotted_data') }} and ({{ strategy.row_changed }}{{ reopened }}))
),
updates as (
  select 'update' as dbt_change_type, source_data.*,
    snapshotted_data.{{ columns.dbt_scd_id }}
    {%- if new_record %}, snapshotted_data.{{ columns.dbt_is_deleted }}{% endif %}
  from updates_source_data as source_data
  join snapshotted_data
    on {{ unique_key_join_on(strategy.unique_key, 'snapshotted_data', 'source_data') }}
  where ({{ strategy.row_changed }}{{ reopened }})
)
{%- if track_deletes %},
deletes as (
  select 'delete' as dbt_change_type, source_data.*,
    {{ snapshot_get_time() }} as {{ columns.dbt_valid_from }},
    {{ snapshot_get_time() }} as {{ columns.dbt_updated_at }},
    {{ snapshot_get_time() }} as {{ columns.dbt_valid_to }},
    snapshotted_data.{{ columns.dbt_scd_id }}
    {%- if new_record %}, snapshotted_data.{{ columns.dbt_is_deleted }}{% endif %}
  from snapshotted_data
  left join deletes_source_data as source_data
    on {{ unique_key_join_on(strategy.unique_key, 'snapshotted_data', 'source_data') }}
  where {{ unique_key_is_null(strategy.unique_key, 'source_data') }}
  {%- if new_record %}
    and not (snapshotted_data.{{ columns.dbt_is_deleted }} = 'True' and
      {%- if current_to %} snapshotted_data.{{ columns.dbt_valid_to }} = {{ current_to }}{% else %} snapshotted_data.{{ columns.dbt_valid_to }} is null{% endif %})
  {%- endif %}
)
{%- endif %}
{%- if new_record %}
  {%- set snapshotted_names = adapter.get_columns_in_relation(target_relation) | map(attribute='name') | list -%}
  {%- set query_columns = get_column_schema_from_query(source_sql) -%}
  {%- set new_scd_id = snapshot_hash_arguments([columns.dbt_scd_id, snapshot_get_time()]) -%},
deletion_records as (
  select 'insert' as dbt_change_type,
    {%- for column in query_columns %}
    {% if column.name in snapshotted_names %}snapshotted_data.{{ adapter.quote(column.column) }}{% else %}null as {{ adapter.quote(column.column) }}{% endif %},
    {%- endfor %}
    {%- if strategy.unique_key | is_list %}
      {%- for key in strategy.unique_key %}
    snapshotted_data.{{ key }} as dbt_unique_key_{{ loop.index }},
      {%- endfor %}
    {%- else %}
    snapshotted_data.dbt_unique_key as dbt_unique_key,
    {%- endif %}
    {{ snapshot_get_time() }} as {{ columns.dbt_valid_from }},
    {{ snapshot_get_time() }} as {{ columns.dbt_updated_at }},
    snapshotted_data.{{ columns.dbt_valid_to }} as {{ columns.dbt_valid_to }},
    {{ new_scd_id }} as {{ columns.dbt_scd_id }},
    'True' as {{ columns.dbt_is_deleted }}
  from snapshotted_data
  left join deletes_source_data as source_data
    on {{ unique_key_join_on(strategy.unique_key, 'snapshotted_data', 'source_data') }}
  where {{ unique_key_is_null(strategy.unique_key, 'source_data') }}
    and not (snapshotted_data.{{ columns.dbt_is_deleted }} = 'True' and
      {%- if current_to %} snapshotted_data.{{ columns.dbt_valid_to }} = {{ current_to }}{% else %} snapshotted_data.{{ columns.dbt_valid_to }} is null{% endif %})
)
{%- endif %}
select * from insertions
union all
select * from updates
{%- if track_deletes %}
union all
select * from deletes
{%- endif %}
{%- if new_record %}
union all
select * from deletion_records
{%- endif %}
{%- endmacro %}

{#- Builds the staging table beside the target and returns its relation (dbt-duckdb makes it a
    regular table, dropped again by post_snapshot). -#}
{% macro build_snapshot_staging_table(strategy, sql, target_relation) -%}
  {%- set temp_relation = make_temp_relation(target_relation) -%}
  {%- set select = snapshot_staging_table(strategy, sql, target_relation) -%}
  {%- call statement('build_snapshot_staging_relation') -%}
    {{ create_table_as(False, temp_relation, select) }}
  {%- endcall -%}
  {{ return(temp_relation) }}
{%- endmacro %}

{#- The names of a list of columns. -#}
{% macro get_list_of_column_names(columns) -%}
  {{ return(columns | map(attribute='name') | list) }}
{%- endmacro %}

{#- The type snapshot_get_time() has in the database (none when not executing). -#}
{% macro get_snapshot_get_time_data_type() -%}
  {%- set probe = get_column_schema_from_query('select ' ~ adapter.dispatch('snapshot_get_time', 'dbt')() ~ ' as dbt_snapshot_time') -%}
  {{ return(probe[0].dtype if probe else none) }}
{%- endmacro %}

{#- The type of the query's dbt_updated_at column, if it has one. -#}
{% macro get_updated_at_column_data_type(snapshot_sql) -%}
  {%- set found = get_column_schema_from_query(snapshot_sql) | selectattr('name', 'in', ['dbt_updated_at', 'DBT_UPDATED_AT']) | list -%}
  {{ return(found[0].dtype if found else none) }}
{%- endmacro %}

{#- Warns when deletes are tracked and the snapshot time and dbt_updated_at differ in type. -#}
{% macro check_time_data_types(sql) -%}
  {%- set updated_at_type = get_updated_at_column_data_type(sql) -%}
  {%- set snapshot_time_type = get_snapshot_get_time_data_type() -%}
  {%- if snapshot_hard_deletes_behavior() in ['invalidate', 'new_record'] and snapshot_time_type is not none and updated_at_type is not none and snapshot_time_type != updated_at_type -%}
    {{ exceptions.warn_snapshot_timestamp_data_types(snapshot_time_type, updated_at_type) }}
  {%- endif -%}
{%- endmacro %}
