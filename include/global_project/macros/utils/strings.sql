{#- String functions whose names or argument orders differ between warehouses. Arguments are
    SQL expressions, so string constants arrive already quoted ("'abc'"). Each renders the text
    dbt's (or dbt-duckdb's) renders, blank lines included, so target/compiled reads the same. -#}
{% macro hash(field) -%}{{ return(adapter.dispatch('hash', 'dbt')(field)) }}{%- endmacro %}
{% macro default__hash(field) -%}md5(cast({{ field }} as {{ api.Column.translate_type('string') }})){%- endmacro %}

{#- NULL in any part makes the whole result NULL. -#}
{% macro concat(fields) -%}{{ return(adapter.dispatch('concat', 'dbt')(fields)) }}{%- endmacro %}
{% macro default__concat(fields) -%}{{ fields | join(' || ') }}{%- endmacro %}

{#- part_number counts from 1; a negative one counts from the end. -#}
{% macro split_part(string_text, delimiter_text, part_number) -%}
{{ return(adapter.dispatch('split_part', 'dbt')(string_text, delimiter_text, part_number)) }}
{%- endmacro %}
{% macro default__split_part(string_text, delimiter_text, part_number) -%}
{{ '\n\n    ' }}split_part(
        {{ string_text }},
        {{ delimiter_text }},
        {{ part_number }}
        ){{ '\n\n' }}
{%- endmacro %}
{#- For warehouses whose split_part takes no negative index: counts the delimiters to turn
    -n into the matching part from the start. -#}
{% macro _split_part_negative(string_text, delimiter_text, part_number) -%}
{{ '\n\n    ' }}split_part(
        {{ string_text }},
        {{ delimiter_text }},
          length({{ string_text }})
          - length(
              replace({{ string_text }},  {{ delimiter_text }}, '')
          ) + 2 + {{ part_number }}
        ){{ '\n\n' }}
{%- endmacro %}
{#- dbt-duckdb's: a part past the end (or of a NULL string) is '', as split_part gives elsewhere;
    a negative part goes through _split_part_negative. -#}
{% macro duckdb__split_part(string_text, delimiter_text, part_number) -%}
{%- if part_number >= 0 -%}
{{ '\n\n  \n    ' }}coalesce(string_split({{ string_text }}, {{ delimiter_text }})[ {{ part_number }} ], ''){{ '\n  \n\n' }}
{%- else -%}
{{ '\n\n  \n    ' }}{{ dbt._split_part_negative(string_text, delimiter_text, part_number) }}{{ '\n  \n\n' }}
{%- endif -%}
{%- endmacro %}

{% macro position(substring_text, string_text) -%}
{{ return(adapter.dispatch('position', 'dbt')(substring_text, string_text)) }}
{%- endmacro %}
{% macro default__position(substring_text, string_text) -%}
{{ '\n\n    ' }}position(
        {{ substring_text }} in {{ string_text }}
    )
{%- endmacro %}

{% macro replace(field, old_chars, new_chars) -%}
{{ return(adapter.dispatch('replace', 'dbt')(field, old_chars, new_chars)) }}
{%- endmacro %}
{% macro default__replace(field, old_chars, new_chars) -%}
{{ '\n\n    ' }}replace(
        {{ field }},
        {{ old_chars }},
        {{ new_chars }}
    ){{ '\n\n\n' }}
{%- endmacro %}

{% macro right(string_text, length_expression) -%}
{{ return(adapter.dispatch('right', 'dbt')(string_text, length_expression)) }}
{%- endmacro %}
{% macro default__right(string_text, length_expression) -%}
{{ '\n\n    ' }}right(
        {{ string_text }},
        {{ length_expression }}
    )
{%- endmacro %}

{% macro length(expression) -%}{{ return(adapter.dispatch('length', 'dbt')(expression)) }}{%- endmacro %}
{% macro default__length(expression) -%}
{{ '\n\n    ' }}length(
        {{ expression }}
    )
{%- endmacro %}

{#- Makes text safe inside a '...' literal by doubling its single quotes. -#}
{% macro escape_single_quotes(expression) -%}
{{ return(adapter.dispatch('escape_single_quotes', 'dbt')(expression)) }}
{%- endmacro %}
{% macro default__escape_single_quotes(expression) -%}{{ expression | replace("'", "''") }}{%- endmacro %}

{% macro string_literal(value) -%}{{ return(adapter.dispatch('string_literal', 'dbt')(value)) }}{%- endmacro %}
{% macro default__string_literal(value) -%}'{{ value }}'{%- endmacro %}

{#- Not a return(): the dispatched text is wrapped in the caller's own blank lines, as in dbt. -#}
{% macro cast_bool_to_text(field) -%}
{{ '\n  ' }}{{ adapter.dispatch('cast_bool_to_text', 'dbt')(field) }}{{ '\n' }}
{%- endmacro %}
{% macro default__cast_bool_to_text(field) -%}
{{ '\n    ' }}cast({{ field }} as {{ api.Column.translate_type('string') }}){{ '\n' }}
{%- endmacro %}

{#- listagg(measure, delimiter, order_by_clause, limit_num): the values of a group joined into
    one string, optionally ordered ('order by x') and capped at limit_num values. -#}
{% macro listagg(measure, delimiter_text="','", order_by_clause=none, limit_num=none) -%}
{{ return(adapter.dispatch('listagg', 'dbt')(measure, delimiter_text, order_by_clause, limit_num)) }}
{%- endmacro %}
{% macro default__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
{%- set ordering = 'within group (' ~ order_by_clause ~ ')' if order_by_clause else '' -%}
{%- if limit_num -%}
array_to_string(
        array_slice(
            array_agg(
                {{ measure }}
            ){{ ordering }}
            ,0
            ,{{ limit_num }}
        ),
        {{ delimiter_text }}
        )
{%- else -%}
{{ '\n    ' }}listagg(
        {{ measure }},
        {{ delimiter_text }}
        )
        {{ ordering }}
{%- endif -%}
{%- endmacro %}
{#- DuckDB takes the ordering inside the aggregate call; a limit slices the ordered list and
    joins it with list_aggr. -#}
{% macro duckdb__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
{%- set ordering = order_by_clause if order_by_clause else '' -%}
{%- if limit_num -%}
list_aggr(
        (array_agg(
            {{ measure }}
            {{ ordering }}
        ))[1:{{ limit_num }}],
        'string_agg',
        {{ delimiter_text }}
        )
{%- else -%}
{{ '\n    ' }}string_agg(
        {{ measure }},
        {{ delimiter_text }}
        {{ ordering }}
        )
{%- endif -%}
{%- endmacro %}
