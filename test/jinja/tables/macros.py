"""Macros: defaults, varargs, kwargs, caller, nesting, recursion; call and filter blocks."""
from _case import case, block

AREA = 'macros'

CASES = [
    case('macro_basic', '{% macro greet(name) %}Hello {{ name }}!{% endmacro %}{{ greet("ada") }}|{{ greet(name="bob") }}'),
    case('macro_defaults', block('''
        {% macro col(name, alias=none, cast='varchar') -%}
            cast({{ name }} as {{ cast }}){% if alias %} as {{ alias }}{% endif %}
        {%- endmacro %}
        {{ col('a') }}
        {{ col('b', 'bee') }}
        {{ col('c', cast='int') }}
        {{ col(name='d', alias='dee', cast='date') }}
        ''')),
    case('macro_default_refers_to_earlier_arg', '{% macro m(a, b=a * 2) %}{{ a }},{{ b }}{% endmacro %}{{ m(2) }}|{{ m(2, 5) }}'),
    case('macro_missing_args_are_undefined', '{% macro m(a, b) %}[{{ a }}][{{ b }}][{{ b is defined }}]{% endmacro %}{{ m(1) }}|{{ m() }}'),
    case('macro_varargs', '{% macro m(a) %}{{ a }}:{{ varargs }}:{{ varargs|length }}{% endmacro %}{{ m(1, 2, 3) }}|{{ m(1) }}|{% macro all() %}{{ varargs|join("+") }}{% endmacro %}{{ all("x", "y") }}'),
    case('macro_kwargs', '{% macro m(a) %}{{ a }}:{{ kwargs }}{% endmacro %}{{ m(1, x=2, y="z") }}|{{ m(a=0) }}|{% macro both() %}{{ varargs }}{{ kwargs }}{% endmacro %}{{ both(1, k=2) }}'),
    case('macro_kwargs_forwarding', '{% macro inner(a, b=0, c=0) %}{{ a }}/{{ b }}/{{ c }}{% endmacro %}{% macro outer(a) %}{{ inner(a, **kwargs) }}{% endmacro %}{{ outer(1, c=3) }}|{{ outer(1, b=2, c=3) }}'),
    case('macro_attributes', '{% macro m(a, b=1) %}{{ caller() if caller else "" }}{{ varargs }}{% endmacro %}{{ m.name }}|{{ m.arguments }}|{{ m.catch_varargs }}|{{ m.caller }}|{{ m.catch_kwargs }}'),
    case('macro_returns_string', '{% macro m() %}  text  {% endmacro %}[{{ m() }}]|{{ m() is string }}|{{ m()|length }}|{{ m()|trim|upper }}'),
    case('macro_sees_globals_not_caller_locals', '{% set g = "global" %}{% macro m() %}{{ g }}/{{ local_var is defined }}{% endmacro %}{% for i in [1] %}{% set local_var = 1 %}{{ m() }}{% endfor %}'),
    case('macro_sees_context', '{% macro m() %}{{ target.schema }}{% endmacro %}{{ m() }}', context={'target': {'schema': 'analytics'}}),
    case('macro_calls_macro_defined_later', '{% macro a() %}a>{{ b() }}{% endmacro %}{% macro b() %}b{% endmacro %}{{ a() }}'),
    case('nested_macros', '{% macro outer(x) %}{% macro inner(y) %}<{{ y }}>{% endmacro %}{{ inner(x) }}{{ inner(x ~ x) }}{% endmacro %}{{ outer("o") }}|{{ inner is defined }}'),
    case('recursive_macro', '{% macro fact(n) %}{% if n <= 1 %}1{% else %}{{ n * fact(n - 1)|int }}{% endif %}{% endmacro %}{{ fact(5) }}|{% macro walk(node, d=0) %}{{ node.n }}{% for c in node.c %}({{ walk(c, d + 1) }}){% endfor %}{% endmacro %}{{ walk(tree) }}',
         context={'tree': {'n': 'r', 'c': [{'n': 'x', 'c': [{'n': 'y', 'c': []}]}, {'n': 'z', 'c': []}]}}),
    case('macro_set_does_not_leak', '{% set x = 1 %}{% macro m() %}{% set x = 2 %}{{ x }}{% endmacro %}{{ m() }}{{ x }}'),
    case('macro_mutates_passed_list', '{% macro add(l, v) %}{% do l.append(v) %}{% endmacro %}{% set acc = [] %}{{ add(acc, 1) }}{{ add(acc, 2) }}{{ acc }}'),
    case('call_block_caller', '{% macro wrap(tag) %}<{{ tag }}>{{ caller() }}</{{ tag }}>{% endmacro %}{% call wrap("b") %}bold {{ 1 + 1 }}{% endcall %}'),
    case('call_block_caller_args', block('''
        {% macro each_col(cols) -%}
        {% for c in cols %}{{ caller(c, loop.index) }}{% if not loop.last %}, {% endif %}{% endfor %}
        {%- endmacro %}
        select {% call(c, i) each_col(['a', 'b', 'c']) %}{{ c }} as col_{{ i }}{% endcall %} from t
        ''')),
    case('call_block_caller_multiple_times', '{% macro twice() %}{{ caller() }}|{{ caller() }}{% endmacro %}{% set n = namespace(v=0) %}{% call twice() %}{% set n.v = n.v + 1 %}{{ n.v }}{% endcall %}'),
    case('call_block_statement_shape', block('''
        {% macro statement(name=none, fetch_result=false) -%}
        -- statement {{ name }} (fetch={{ fetch_result }})
        {{ caller() | trim }};
        {%- endmacro %}
        {% call statement('main', fetch_result=true) %}
            create table {{ schema }}.users as (
                select * from raw.users
            )
        {% endcall %}
        '''), context={'schema': 'analytics'}),
    case('call_block_nested', '{% macro box(n) %}[{{ n }}:{{ caller() }}]{% endmacro %}{% call box(1) %}{% call box(2) %}in{% endcall %}{% endcall %}'),
    case('caller_default_args', '{% macro m() %}{{ caller() }}/{{ caller(5) }}{% endmacro %}{% call(x=1) m() %}{{ x }}{% endcall %}'),
    case('filter_block', '{% filter upper %}hello {{ name }}{% endfilter %}|{% filter replace("a", "4")|trim %}  banana  {% endfilter %}|{% filter indent(2) %}a\nb{% endfilter %}', context={'name': 'ada'}),
    case('macro_returns_via_caller_value', '{% macro build() %}{% set parts = [] %}{% do parts.append(caller()) %}{% do parts.append("x") %}{{ parts|join("-") }}{% endmacro %}{% call build() %}first{% endcall %}'),
    case('macro_with_loop_and_whitespace', block('''
        {% macro select_cols(cols, prefix='') -%}
            {%- for c in cols %}
            {{ prefix }}{{ c }}{{ ',' if not loop.last }}
            {%- endfor %}
        {%- endmacro %}

        select
            {{- select_cols(['id', 'name'], 'u.') }}
        from users u
        ''')),
    case('macro_dispatch_by_name', block('''
        {% macro default__concat(fields) %}{{ fields | join(' || ') }}{% endmacro %}
        {% macro duckdb__concat(fields) %}concat({{ fields | join(', ') }}){% endmacro %}
        {% macro concat(fields) %}
            {%- set impls = {'default': default__concat, 'duckdb': duckdb__concat} -%}
            {{ impls.get(adapter_type, impls['default'])(fields) }}
        {%- endmacro %}
        {{ concat(['a', 'b']) }}
        '''), context={'adapter_type': 'duckdb'}),
    case('macro_as_argument', '{% macro apply(f, v) %}{{ f(v) }}{% endmacro %}{% macro q(x) %}"{{ x }}"{% endmacro %}{{ apply(q, "col") }}'),
    case('macro_in_expression_contexts', '{% macro n() %}5{% endmacro %}{{ n()|int + 1 }}|{{ n() ~ n() }}|{{ (n() * 2) }}|{{ [n(), n()]|join }}'),
    case('macro_in_set_block_and_variable', '{% macro m(x) %}<{{ x }}>{% endmacro %}{% set r = m(1) %}{% set b %}{{ m(2) }}{% endset %}{{ r }}{{ b }}{{ r|length }}'),
    # Jinja2 binds every argument before evaluating defaults: a default may read a later parameter passed by keyword
    case('macro_default_reads_other_parameters', "{%- set width = 10 %}{%- macro pad(v, n=width, width=3) %}{{ v }}:{{ n }}:{{ width }}{% endmacro -%}{{ pad('a') }};{{ pad('a', 5) }};{{ pad('a', 5, 6) }};{{ pad('a', width=8) }}|{% macro q(rel, alias=rel ~ '_x') %}{{ rel }} as {{ alias }}{% endmacro %}{{ q('orders') }};{{ q('orders', 'o') }}"),
    # a macro may take `caller` as a parameter with a default: a call block then passes its body as it
    case('macro_caller_parameter_with_default', "{% macro wrap(sql, caller=none) %}({% if caller %}{{ caller() }}{% else %}{{ sql }}{% endif %}){% endmacro %}{{ wrap('plain') }}|{% call wrap('unused') %}from body{% endcall %}|{{ wrap('x', caller=none) }}"),
]
