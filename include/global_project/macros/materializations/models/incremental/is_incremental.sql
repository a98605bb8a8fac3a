{#- True while an incremental model runs against its existing table, unless a full refresh is
    asked for; false while parsing. The engine answers calls itself; this definition is what
    the manifest lists, and what the nodes and macros calling it depend on. -#}
{% macro is_incremental() -%}
{%- if not execute -%}{{ return(false) }}{%- endif -%}
{%- set existing = adapter.get_relation(database=this.database, schema=this.schema, identifier=this.identifier) -%}
{{ return(existing is not none and existing.is_table and config.get('materialized') == 'incremental' and not should_full_refresh()) }}
{%- endmacro %}
