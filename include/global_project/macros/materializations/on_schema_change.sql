{#- An incremental model's `on_schema_change` config, as dbt's incremental materialization applies
    it to the staged relation and the existing target: ignore, fail, append_new_columns,
    sync_all_columns (or full_refresh, which the materialization itself handles). -#}

{#- The configured value when dbt knows it; otherwise a log line and the default. -#}
{% macro incremental_validate_on_schema_change(on_schema_change, default='ignore') -%}
  {%- if on_schema_change in ['sync_all_columns', 'append_new_columns', 'fail', 'ignore', 'full_refresh'] -%}
    {{- return(on_schema_change) -}}
  {%- endif -%}
  {%- do log('Invalid value for on_schema_change (%s) specified. Setting default value of %s.' % (on_schema_change, default)) -%}
  {{- return(default) -}}
{%- endmacro %}

{#- Compares the columns of the two relations: the dict holds schema_changed, the columns on
    either side only (source_not_in_target, target_not_in_source), both column lists and the
    type changes (new_target_types). -#}
{% macro check_for_schema_changes(source_relation, target_relation) -%}
  {%- set source_columns = adapter.get_columns_in_relation(source_relation) -%}
  {%- set target_columns = adapter.get_columns_in_relation(target_relation) -%}
  {%- set source_not_in_target = diff_columns(source_columns, target_columns) -%}
  {%- set target_not_in_source = diff_columns(target_columns, source_columns) -%}
  {%- set new_target_types = diff_column_data_types(source_columns, target_columns) -%}
  {%- set schema_changed = (source_not_in_target | length > 0) or (target_not_in_source | length > 0) or (new_target_types | length > 0) -%}
  {%- set summary -%}
    In {{ target_relation }}:
        Schema changed: {{ schema_changed }}
        Source columns not in target: {{ source_not_in_target }}
        Target columns not in source: {{ target_not_in_source }}
        New column types: {{ new_target_types }}
  {%- endset -%}
  {%- do log(summary) -%}
  {{- return({
      'schema_changed': schema_changed,
      'source_not_in_target': source_not_in_target,
      'target_not_in_source': target_not_in_source,
      'source_columns': source_columns,
      'target_columns': target_columns,
      'new_target_types': new_target_types
  }) -}}
{%- endmacro %}

{#- Brings the target's columns in line with the source's: append_new_columns adds the new ones;
    sync_all_columns also drops the ones the source lost and changes the types that differ. -#}
{% macro sync_column_schemas(on_schema_change, target_relation, schema_changes_dict) -%}
  {%- set to_add = schema_changes_dict['source_not_in_target'] -%}
  {%- set to_remove = [] -%}
  {%- set type_changes = [] -%}
  {%- if on_schema_change == 'append_new_columns' -%}
    {%- if to_add | length > 0 -%}
      {%- do alter_relation_add_remove_columns(target_relation, to_add, none) -%}
    {%- endif -%}
  {%- elif on_schema_change == 'sync_all_columns' -%}
    {%- set to_remove = schema_changes_dict['target_not_in_source'] -%}
    {%- set type_changes = schema_changes_dict['new_target_types'] -%}
    {%- if to_add | length > 0 or to_remove | length > 0 -%}
      {%- do alter_relation_add_remove_columns(target_relation, to_add, to_remove) -%}
    {%- endif -%}
    {%- for change in type_changes -%}
      {%- do alter_column_type(target_relation, change['column_name'], change['new_type']) -%}
    {%- endfor -%}
  {%- endif -%}
  {%- set summary -%}
    In {{ target_relation }}:
        Schema change approach: {{ on_schema_change }}
        Columns added: {{ to_add }}
        Columns removed: {{ to_remove }}
        Data types changed: {{ type_changes }}
  {%- endset -%}
  {%- do log(summary) -%}
{%- endmacro %}

{#- Applies `on_schema_change` between the staged source and the target; returns the source's
    columns (an empty dict for ignore and full_refresh). `fail` raises a compiler error. -#}
{% macro process_schema_changes(on_schema_change, source_relation, target_relation) -%}
  {%- if on_schema_change in ['ignore', 'full_refresh'] -%}
    {{- return({}) -}}
  {%- endif -%}
  {%- set changes = check_for_schema_changes(source_relation, target_relation) -%}
  {%- if changes['schema_changed'] -%}
    {%- if on_schema_change == 'fail' -%}
      {%- set message -%}
The source and target schemas on this incremental model are out of sync!
They can be reconciled in several ways:
  - set the `on_schema_change` config to either append_new_columns or sync_all_columns, depending on your situation.
  - Re-run the incremental model with `full_refresh: True` to update the target schema.
  - update the schema manually and re-run the process.

Additional troubleshooting context:
   Source columns not in target: {{ changes['source_not_in_target'] }}
   Target columns not in source: {{ changes['target_not_in_source'] }}
   New column types: {{ changes['new_target_types'] }}
      {%- endset -%}
      {%- do exceptions.raise_compiler_error(message) -%}
    {%- else -%}
      {%- do sync_column_schemas(on_schema_change, target_relation, changes) -%}
    {%- endif -%}
  {%- endif -%}
  {{- return(changes['source_columns']) -}}
{%- endmacro %}

{#- True when on_schema_change is full_refresh and the model's query no longer has the existing
    table's column names (names only, as get_columns_in_query reports them). -#}
{% macro on_schema_change_full_refresh(on_schema_change, existing_relation) -%}
  {%- if on_schema_change == 'full_refresh' and existing_relation is not none and not existing_relation.is_view -%}
    {%- set existing_names = adapter.get_columns_in_relation(existing_relation) | map(attribute='name') | list -%}
    {%- set new_names = get_columns_in_query(sql) -%}
    {%- for name in existing_names if name not in new_names -%}{{- return(True) -}}{%- endfor -%}
    {%- for name in new_names if name not in existing_names -%}{{- return(True) -}}{%- endfor -%}
  {%- endif -%}
  {{- return(False) -}}
{%- endmacro %}
