{#- dbt-duckdb's on-run-start helpers for external models. A run that selects part of the DAG may
    read external models it does not build; on a fresh warehouse (`path: ':memory:'`) their views
    do not exist yet. These (re)create the view of an external model over its files.
    Use: on-run-start: "{{ register_upstream_external_models() }}" -#}
{% macro register_upstream_external_models() -%}
{%- if execute -%}
{%- set seen = [] -%}
{%- set schemas = [] -%}
{%- for node_id in selected_resources -%}
  {%- set node = graph.nodes.get(node_id) -%}
  {%- for upstream_id in (node.depends_on.nodes if node else []) -%}
    {%- if upstream_id not in seen and upstream_id not in selected_resources -%}
      {%- do seen.append(upstream_id) -%}
      {%- set upstream = graph.nodes.get(upstream_id) -%}
      {%- if upstream and upstream.resource_type in ('model', 'seed') and upstream.config.materialized == 'external' -%}
        {%- do register_external_model_view(upstream, schemas) -%}
      {%- endif -%}
    {%- endif -%}
  {%- endfor -%}
{%- endfor -%}
{%- endif -%}
{%- endmacro %}

{#- The selected external models themselves, so a model that reads {{ this }} finds the files its
    last run wrote. As in dbt-duckdb, the first run (no files yet) passes --vars '{first_run: "true"}'.
    Use: on-run-start: "{{ register_self_reference_external_models() }}" -#}
{% macro register_self_reference_external_models() -%}
{%- if execute and var('first_run') != 'true' -%}
{%- set schemas = [] -%}
{%- for node_id in selected_resources -%}
  {%- set node = graph.nodes.get(node_id) -%}
  {%- if node and node.resource_type in ('model', 'seed') and node.config.materialized == 'external' -%}
    {%- do register_external_model_view(node, schemas) -%}
  {%- endif -%}
{%- endfor -%}
{%- endif -%}
{%- endmacro %}

{#- Creates or replaces the view of external model `node` over the files its location names;
    `schemas` lists the schemas already created in this hook. -#}
{% macro register_external_model_view(node, schemas) -%}
  {%- set rel = api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias) -%}
  {%- set options = node.config.get('options') or {} -%}
  {%- set own_partitions = node.config.get('partition_by') if node.config.get('incremental_strategy') == 'insert_overwrite' else none -%}
  {%- set partition_by = own_partitions or options.get('partition_by') -%}
  {%- if node.config.get('location') -%}
    {%- set location = render(node.config.get('location')) -%}
  {%- elif external_location is defined -%}
    {%- set location = external_location(rel, node.config) | trim -%}
  {%- else -%}
    {%- set root = adapter.external_root() -%}
    {%- set format = node.config.get('format') or options.get('format') or 'parquet' -%}
    {%- set location = root ~ '/' ~ node.alias ~ ('' if partition_by else '.' ~ format) -%}
  {%- endif -%}
  {%- set format = node.config.get('format') or options.get('format') or (location.split('.')[-1] if '.' in location.split('/')[-1] else 'parquet') -%}
  {%- set read_location = adapter.external_read_location(location, {'partition_by': partition_by, 'format': format}) -%}
  {%- if rel.schema not in schemas -%}
    {%- do run_query('create schema if not exists ' ~ rel.without_identifier()) -%}
    {%- do schemas.append(rel.schema) -%}
  {%- endif -%}
  {%- do run_query('create or replace view ' ~ rel ~ ' as (select * from ' ~ "'" ~ read_location | replace("'", "''") ~ "'" ~ ')') -%}
{%- endmacro %}

{#- dbt-duckdb's default place for the files of an external model without `location`: under the
    profile's external_root, named for the relation's identifier, with the format as extension
    unless the files are partitioned into a folder. A project defines its own external_location
    to place them otherwise; project macros and materializations may call this one. -#}
{% macro external_location(relation, config) -%}
  {%- set options = config.get('options') or {} -%}
  {%- set own_partitions = config.get('partition_by') if config.get('incremental_strategy') == 'insert_overwrite' else none -%}
  {%- set root = adapter.external_root() -%}
  {%- if options.get('partition_by') is none and not own_partitions -%}
    {{- root }}/{{ relation.identifier }}.{{ config.get('format') or options.get('format') or 'parquet' }}
  {%- else -%}
    {{- root }}/{{ relation.identifier }}
  {%- endif -%}
{%- endmacro %}
