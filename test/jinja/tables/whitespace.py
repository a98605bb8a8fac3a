"""Whitespace control, trailing newlines and blank lines around tags, as real files have them."""
from _case import case, block

AREA = 'whitespace'

CASES = [
    case('trailing_newline_stripped', 'select 1\n'),
    case('two_trailing_newlines', 'select 1\n\n'),
    case('no_trailing_newline', 'select 1'),
    case('crlf_line_endings', 'select 1\r\nfrom t\r\n'),
    case('leading_blank_lines', '\n\nselect 1\n'),
    case('expression_dash_left', 'a   \n  {{- "b" }}  \n c'),
    case('expression_dash_right', 'a  {{ "b" -}}   \n\n  c'),
    case('expression_dash_both', 'a \n {{- "b" -}} \n c'),
    case('statement_dash_variants', 'x \n {%- if true %} y {% endif %} z|x \n {% if true -%} \n y \n {%- endif %} \n z|x {%- if true -%} y {%- endif -%} z'),
    case('comment_dash_variants', 'a \n {#- c #} b|a {# c -#} \n b|a \n\t{#- c -#}\n\n b'),
    case('block_tags_keep_newlines', block('''
        {% if true %}
        inside
        {% endif %}
        after
        ''')),
    case('set_lines_leave_blank_lines', block('''
        {% set a = 1 %}
        {% set b = 2 %}

        select {{ a + b }}
        ''')),
    case('config_header_style', block('''
        {%- macro config() %}{% if kwargs %}{% endif %}{% endmacro -%}
        {{ config(materialized='table') }}

        with source as (
            select * from raw
        )
        select * from source
        '''), context={}),
    case('for_loop_lines', block('''
        select
            {% for c in cols %}
            {{ c }},
            {% endfor %}
            1 as one
        from t
        '''), context={'cols': ['a', 'b']}),
    case('for_loop_lines_trimmed', block('''
        select
            {%- for c in cols %}
            {{ c }},
            {%- endfor %}
            1 as one
        from t
        '''), context={'cols': ['a', 'b']}),
    case('indented_tags_keep_indent', block('''
        select *
        from t
        where true
            {% if filter_active %}
            and active
            {% endif %}
            {%- if limit %}
            limit {{ limit }}
            {%- endif %}
        '''), context={'filter_active': True, 'limit': 10}),
    case('dash_trims_multiple_newlines_and_tabs', 'a\n\n\t \n{{- "b" -}}\n\n\t c'),
    case('macro_definition_blank_lines', block('''
        {% macro m() %}
          body
        {% endmacro %}

        {% macro n() -%}
          body
        {%- endmacro %}

        [{{ m() }}][{{ n() }}]
        ''')),
    case('raw_with_whitespace_control', 'a {%- raw -%}  {{ x }}  {%- endraw -%} b'),
    case('set_block_whitespace', '{% set s -%}\n  padded  \n{%- endset %}[{{ s }}]|{% set t %}\n  kept  \n{% endset %}[{{ t }}]'),
    case('whitespace_in_expression_output', '{{ "  spaced  " }}|{{ "\\n" }}|{{ " " ~ "x" }}'),
    case('filter_and_call_block_whitespace', '{% filter trim %}\n  x  \n{% endfilter %}|{% macro m() %}[{{ caller() }}]{% endmacro %}{% call m() -%}\n  y\n{%- endcall %}'),
    case('only_tags_lines', block('''
        {% if a %}
        {% if b %}
        {% endif %}
        {% endif %}
        end
        '''), context={'a': True, 'b': True}),
    case('trailing_whitespace_on_last_line', 'x  \n  '),
    case('newline_after_expression_kept', '{{ "a" }}\n{{ "b" }}\n'),
    case('do_and_comment_lines', block('''
        {# build the column list #}
        {% set cols = [] %}
        {% do cols.append('a') %}
        {%- do cols.append('b') %}
        {{ cols | join(', ') }}
        ''')),
    case('minus_adjacent_to_expression_value', '{{ 5 -}} 3|{{ -1 }}|{{- -1 -}}|{{ 1 - 1 }}'),
    case('trailing_spaces_after_endif', '{% if true %}  \n  a{% endif %}  \n'),
    # `+%}` (keep the newline after a block) and `{%+` (keep the spaces before it) only matter with trim_blocks/lstrip_blocks
    case('plus_modifiers_are_accepted', "  {%+ if flag +%}\nyes\n  {%+ endif +%}\n{% for c in cols +%}\n{{ c }}{%- if not loop.last %}, {% endif +%}\n{% endfor %}", context={'flag': True, 'cols': ['id', 'name']}),
]
