{#
    The four generic tests every project has. Each test selects the rows that fail it;
    the test passes when the query returns no rows. Each dispatches, so a project or
    package can override `default__test_<name>` or `duckdb__test_<name>`.
#}
{% macro test_unique(model, column_name) %}
    {% set macro = adapter.dispatch('test_unique', 'dbt') %}
    {{ macro(model, column_name) }}
{% endmacro %}

{% macro test_not_null(model, column_name) %}
    {% set macro = adapter.dispatch('test_not_null', 'dbt') %}
    {{ macro(model, column_name) }}
{% endmacro %}

{% macro test_accepted_values(model, column_name, values, quote=True) %}
    {% set macro = adapter.dispatch('test_accepted_values', 'dbt') %}
    {{ macro(model, column_name, values, quote) }}
{% endmacro %}

{% macro test_relationships(model, column_name, to, field) %}
    {% set macro = adapter.dispatch('test_relationships', 'dbt') %}
    {{ macro(model, column_name, to, field) }}
{% endmacro %}
