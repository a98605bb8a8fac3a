{#- Replacing an existing relation with a new one built from a query, as dbt stages it: through
    an intermediate and a backup when both relations can be renamed, else by drop and create. -#}
{% macro get_replace_sql(existing_relation, target_relation, sql) -%}
  {{- log('Applying REPLACE to: ' ~ existing_relation) -}}
  {{- adapter.dispatch('get_replace_sql', 'dbt')(existing_relation, target_relation, sql) -}}
{%- endmacro %}

{% macro default__get_replace_sql(existing_relation, target_relation, sql) -%}
  {#- dbt compares with a name its macro never sets, so the create-or-replace branches are never taken. -#}
  {%- if target_relation.can_be_renamed and existing_relation.can_be_renamed -%}
    {{ get_create_intermediate_sql(target_relation, sql) }};
    {{ get_create_backup_sql(existing_relation) }};
    {{ get_rename_intermediate_sql(target_relation) }};
    {{ get_drop_backup_sql(existing_relation) }}
  {%- elif target_relation.can_be_renamed -%}
    {{ get_create_intermediate_sql(target_relation, sql) }};
    {{ get_drop_sql(existing_relation) }};
    {{ get_rename_intermediate_sql(target_relation) }}
  {%- elif existing_relation.can_be_renamed -%}
    {{ get_create_backup_sql(existing_relation) }};
    {{ get_create_sql(target_relation, sql) }};
    {{ get_drop_backup_sql(existing_relation) }}
  {%- else -%}
    {{ get_drop_sql(existing_relation) }};
    {{ get_create_sql(target_relation, sql) }}
  {%- endif -%}
{%- endmacro %}

{% macro get_replace_view_sql(relation, sql) -%}
  {{- adapter.dispatch('get_replace_view_sql', 'dbt')(relation, sql) -}}
{%- endmacro %}

{% macro default__get_replace_view_sql(relation, sql) -%}
  {{- exceptions.raise_compiler_error("`get_replace_view_sql` has not been implemented for this adapter.") -}}
{%- endmacro %}

{% macro get_replace_table_sql(relation, sql) -%}
  {{- adapter.dispatch('get_replace_table_sql', 'dbt')(relation, sql) -}}
{%- endmacro %}

{% macro default__get_replace_table_sql(relation, sql) -%}
  {{- exceptions.raise_compiler_error("`get_replace_table_sql` has not been implemented for this adapter.") -}}
{%- endmacro %}

{#- The new relation built under make_intermediate_relation's name (any leftover one dropped first). -#}
{%- macro get_create_intermediate_sql(relation, sql) -%}
  {{- log('Applying CREATE INTERMEDIATE to: ' ~ relation) -}}
  {{- adapter.dispatch('get_create_intermediate_sql', 'dbt')(relation, sql) -}}
{%- endmacro -%}

{%- macro default__get_create_intermediate_sql(relation, sql) -%}
  {%- set intermediate = make_intermediate_relation(relation) -%}
    {{ get_drop_sql(intermediate) }};
    {{ get_create_sql(intermediate, sql) }}
{%- endmacro -%}

{#- The existing relation moved aside under make_backup_relation's name (any leftover one dropped first). -#}
{%- macro get_create_backup_sql(relation) -%}
  {{- log('Applying CREATE BACKUP to: ' ~ relation) -}}
  {{- adapter.dispatch('get_create_backup_sql', 'dbt')(relation) -}}
{%- endmacro -%}

{%- macro default__get_create_backup_sql(relation) -%}
  {%- set backup = make_backup_relation(relation, relation.type) -%}
    {{ get_drop_sql(backup) }};
    {{ get_rename_sql(relation, backup.identifier) }}
{%- endmacro -%}
