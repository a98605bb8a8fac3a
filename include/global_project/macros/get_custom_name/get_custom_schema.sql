{#- The schema a node is built in. Without a custom schema that is the target's schema; a
    custom one (`+schema: marts`) is appended to it: `<target schema>_marts`. A project
    replaces this rule by defining its own `generate_schema_name`. -#}
{% macro generate_schema_name(custom_schema_name=none, node=none) -%}
{{ return(adapter.dispatch('generate_schema_name', 'dbt')(custom_schema_name, node)) }}
{%- endmacro %}

{% macro default__generate_schema_name(custom_schema_name, node) -%}
{%- if custom_schema_name is not none -%}
{{ target.schema ~ '_' ~ (custom_schema_name | trim) }}
{%- else -%}
{{ target.schema }}
{%- endif -%}
{%- endmacro %}

{#- For projects that want custom schemas verbatim in production only: the `prod` target
    uses the custom schema as its whole name, every other target ignores it. -#}
{% macro generate_schema_name_for_env(custom_schema_name, node) -%}
{%- set use_custom = custom_schema_name is not none and target.name == 'prod' -%}
{{ (custom_schema_name | trim) if use_custom else target.schema }}
{%- endmacro %}
