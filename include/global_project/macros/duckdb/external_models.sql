{#- dbt-duckdb's on-run-start helper for external models. A run that selects part of the DAG may
    read external models it does not build; on a fresh warehouse (`path: ':memory:'`) their views
    do not exist yet. This (re)creates the view of each such upstream model over its files.
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
        {%- set rel = api.Relation.create(database=upstream.database, schema=upstream.schema, identifier=upstream.alias) -%}
        {%- set options = upstream.config.get('options') or {} -%}
        {%- set partition_by = upstream.config.get('partition_by') or options.get('partition_by') -%}
        {%- if upstream.config.get('location') -%}
          {%- set location = render(upstream.config.get('location')) -%}
        {%- elif external_location is defined -%}
          {%- set location = external_location(rel, upstream.config) | trim -%}
        {%- else -%}
          {%- set root = upstream.config.get('external_root') or adapter.external_root() -%}
          {%- set format = upstream.config.get('format') or options.get('format') or 'parquet' -%}
          {%- set location = root ~ '/' ~ upstream.alias ~ ('' if partition_by else '.' ~ format) -%}
        {%- endif -%}
        {%- set format = upstream.config.get('format') or options.get('format') or (location.split('.')[-1] if '.' in location.split('/')[-1] else 'parquet') -%}
        {%- set read_location = adapter.external_read_location(location, {'partition_by': partition_by, 'format': format}) -%}
        {%- if rel.schema not in schemas -%}
          {%- do run_query('create schema if not exists ' ~ rel.without_identifier()) -%}
          {%- do schemas.append(rel.schema) -%}
        {%- endif -%}
        {%- do run_query('create or replace view ' ~ rel ~ ' as (select * from ' ~ "'" ~ read_location | replace("'", "''") ~ "'" ~ ')') -%}
      {%- endif -%}
    {%- endif -%}
  {%- endfor -%}
{%- endfor -%}
{%- endif -%}
{%- endmacro %}
