"""if/elif/else, for loops and every loop variable, loop controls, set and namespace."""
from _case import case, block

AREA = 'control'

COLS = {'columns': ['id', 'name', 'email', 'created_at']}

CASES = [
    case('if_elif_else', block('''
        {% for n in [0, 1, 5, 50] %}
        {% if n == 0 %}zero{% elif n < 3 %}small{% elif n < 10 %}medium{% else %}large{% endif %}
        {% endfor %}
        ''')),
    case('if_truthiness', '{% if items %}has{% else %}empty{% endif %}|{% if "" %}x{% else %}no-str{% endif %}|{% if none %}x{% endif %}|{% if 0.0 %}x{% else %}zero{% endif %}|{% if {} %}x{% else %}no-dict{% endif %}', context={'items': [1]}),
    case('nested_if', block('''
        {% if a %}
          {% if b %}a and b{% else %}a only{% endif %}
        {% elif b %}
          b only
        {% endif %}
        '''), context={'a': True, 'b': False}),
    case('if_with_complex_condition', "{% if target.name == 'prod' and (var_x or not is_dev) %}prod-path{% else %}dev-path{% endif %}", context={'target': {'name': 'prod'}, 'var_x': False, 'is_dev': False}),
    case('for_basic', '{% for c in columns %}{{ c }},{% endfor %}', context=COLS),
    case('for_tuple_unpacking', '{% for a, b in [(1, "x"), (2, "y")] %}{{ a }}{{ b }} {% endfor %}|{% for k, v in d.items() %}{{ k }}={{ v }} {% endfor %}|{% for (a, b), c in [((1, 2), 3)] %}{{ a + b + c }}{% endfor %}', context={'d': {'p': 1, 'q': 2}}),
    case('for_over_string_and_dict', '{% for ch in "abc" %}{{ ch }}.{% endfor %}|{% for k in {"x": 1, "y": 2} %}{{ k }}{% endfor %}'),
    case('loop_index_vars', '{% for c in columns %}{{ loop.index }}/{{ loop.index0 }}/{{ loop.revindex }}/{{ loop.revindex0 }}/{{ loop.length }} {% endfor %}', context=COLS),
    case('loop_first_last', block('''
        select
        {% for c in columns %}
            {% if loop.first %}  {% else %}, {% endif %}{{ c }}{% if loop.last %} -- last{% endif %}
        {% endfor %}
        from users
        '''), context=COLS),
    case('loop_last_commas', block('''
        select
            {% for c in columns -%}
            {{ c }}{% if not loop.last %},{% endif %}
            {% endfor -%}
        from t
        '''), context=COLS),
    case('loop_cycle', '{% for i in range(5) %}{{ loop.cycle("odd", "even") }} {% endfor %}|{% for i in range(4) %}{{ loop.cycle(1, 2, 3) }}{% endfor %}'),
    case('loop_previtem_nextitem', '{% for x in [1, 2, 3] %}[{{ loop.previtem }}<{{ x }}>{{ loop.nextitem }}]{% endfor %}|{% for x in [1] %}{{ loop.previtem is defined }}{{ loop.nextitem is undefined }}{% endfor %}'),
    case('loop_changed', '{% for r in rows %}{% if loop.changed(r.day) %}== {{ r.day }} ==\n{% endif %}{{ r.v }}\n{% endfor %}',
         context={'rows': [{'day': 'mon', 'v': 1}, {'day': 'mon', 'v': 2}, {'day': 'tue', 'v': 3}, {'day': 'mon', 'v': 4}]}),
    case('loop_depth_recursive', block('''
        {% for node in tree recursive -%}
        {{ '  ' * loop.depth0 }}{{ node.name }} (depth {{ loop.depth }}, {{ loop.index }}/{{ loop.length }})
        {% if node.children %}{{ loop(node.children) }}{% endif %}
        {%- endfor %}
        '''), context={'tree': [{'name': 'root', 'children': [{'name': 'a', 'children': [{'name': 'a1'}]}, {'name': 'b'}]}, {'name': 'other'}]}),
    case('nested_loops_outer_loop', '{% for a in [1, 2] %}{% set outer = loop %}{% for b in "xy" %}{{ outer.index }}{{ loop.index }}{{ b }} {% endfor %}{% endfor %}'),
    case('for_else', '{% for x in [] %}{{ x }}{% else %}no rows{% endfor %}|{% for x in [1] %}{{ x }}{% else %}no rows{% endfor %}|{% for x in missing %}x{% else %}undefined-empty{% endfor %}'),
    case('for_if_filter', '{% for c in columns if c != "email" %}{{ loop.index }}:{{ c }}{{ "," if not loop.last }}{% endfor %}|{% for x in range(10) if x is even %}{{ x }}{% else %}none{% endfor %}|{% for x in [1] if x > 5 %}{{ x }}{% else %}filtered-all{% endfor %}', context=COLS),
    case('break_continue', '{% for i in range(10) %}{% if i == 5 %}{% break %}{% endif %}{% if i is odd %}{% continue %}{% endif %}{{ i }}{% endfor %}'),
    case('break_in_nested_loop', '{% for a in range(3) %}{% for b in range(3) %}{% if b > a %}{% break %}{% endif %}{{ a }}{{ b }} {% endfor %}{% endfor %}'),
    case('continue_with_loop_last', '{% for c in columns %}{% if c == "created_at" %}{% continue %}{% endif %}{{ c }}{{ "|" if loop.last else "," }}{% endfor %}', context=COLS),
    case('loop_scoping_set_does_not_leak', '{% set x = "outer" %}{% for i in [1, 2] %}{% set x = "inner" ~ i %}{{ x }} {% endfor %}{{ x }}'),
    case('loop_scoping_counter_pitfall', '{% set count = 0 %}{% for i in range(3) %}{% set count = count + 1 %}{{ count }}{% endfor %}|{{ count }}'),
    case('loop_var_does_not_leak', '{% for item in [1, 2] %}{% endfor %}[{{ item }}]|[{{ loop }}]{% set item = "s" %}{% for item in [9] %}{{ item }}{% endfor %}{{ item }}'),
    case('namespace_counter', '{% set ns = namespace(count=0, names=[]) %}{% for c in columns %}{% set ns.count = ns.count + 1 %}{% do ns.names.append(c|upper) %}{% endfor %}{{ ns.count }}|{{ ns.names }}', context=COLS),
    case('namespace_found_flag', '{% set ns = namespace(found=false) %}{% for c in columns %}{% if c == "email" %}{% set ns.found = true %}{% endif %}{% endfor %}{{ ns.found }}|{{ ns.missing is defined }}', context=COLS),
    case('namespace_from_dict_and_new_attr', '{% set ns = namespace({"a": 1}, b=2) %}{% set ns.c = ns.a + ns.b %}{{ ns.a }}{{ ns.b }}{{ ns.c }}'),
    case('set_expression_forms', '{% set a = 1 %}{% set b = a + 1 %}{% set c, d = 3, 4 %}{% set e, f = [5, 6] %}{% set g = (7, 8) %}{{ a }}{{ b }}{{ c }}{{ d }}{{ e }}{{ f }}{{ g }}'),
    case('set_block', block('''
        {% set sql %}
            select *
            from {{ table }}
        {% endset %}
        [{{ sql }}]
        [{{ sql | trim }}]
        '''), context={'table': 'users'}),
    case('set_block_with_filter', '{% set shout | upper | replace("O", "0") %}hello {{ who }}{% endset %}{{ shout }}|{{ shout is string }}', context={'who': 'bob'}),
    case('set_overrides_context', '{{ x }}{% set x = 2 %}{{ x }}', context={'x': 1}),
    case('set_in_if_is_visible', '{% if true %}{% set y = "set-in-if" %}{% endif %}{{ y }}'),
    case('set_multiple_targets_swap', '{% set a, b = 1, 2 %}{% set a, b = b, a %}{{ a }}{{ b }}'),
    case('do_statement', '{% set l = [] %}{% do l.append(1) %}{% do l.extend([2, 3]) if true %}{% do l.pop() %}{{ l }}|{% do 1 + 1 %}done'),
    case('raw_block', '{% raw %}{{ not rendered }} {% if %}{# no #}{% endraw %}|{{ "after" }}'),
    case('comments', 'a{# a comment #}b{# multi\nline\n{{ x }} #}c{#- trim -#}  d'),
    case('loop_over_dict_list_rows', block('''
        {% for row in rows %}
        {{ row.id }},{{ row.name | default('') }},{{ row.score if row.score is not none else 'null' }}
        {% endfor %}
        '''), context={'rows': [{'id': 1, 'name': 'a', 'score': 3.5}, {'id': 2, 'score': None}, {'id': 3, 'name': 'c', 'score': 0}]}),
    case('loop_length_with_filter_condition', '{% for x in range(10) if x % 3 == 0 %}{{ x }}:{{ loop.length }}:{{ loop.last }} {% endfor %}'),
    case('loop_over_range_with_step_and_batch_index', '{% for i in range(0, 10, 4) %}{{ i }}{{ "," if not loop.last }}{% endfor %}|{% for grp in range(7)|batch(3) %}{{ loop.index }}={{ grp|sum }} {% endfor %}'),
    case('loop_unpack_enumerate_style', '{% for name, typ in columns %}{{ loop.index0 }}:{{ name }} {{ typ }}{{ ", " if not loop.last }}{% endfor %}', context={'columns': [['id', 'int'], ['name', 'varchar']]}),
    case('loop_over_filter_results', '{% for c in cols | map("upper") %}{{ c }}{{ loop.index }}/{{ loop.length }}{{ "," if not loop.last }}{% endfor %}|{% for u in users | selectattr("on") %}{{ u.n }}{{ loop.revindex }}{% endfor %}',
         context={'cols': ['a', 'b'], 'users': [{'n': 'x', 'on': True}, {'n': 'y', 'on': False}, {'n': 'z', 'on': True}]}),
    case('set_from_context_and_increment', '{% set x = x + 1 %}{{ x }}|{% set msg = "n=" ~ x %}{{ msg }}', context={'x': 41}),
    case('if_defined_and_truthy', '{% for v in ["a", "b", "c"] %}{% if flags[v] is defined and flags[v] %}{{ v }}:on {% elif flags[v] is defined %}{{ v }}:off {% else %}{{ v }}:unset {% endif %}{% endfor %}', context={'flags': {'a': True, 'b': False}}),
    case('loop_break_keeps_revindex', '{% for x in range(6) %}{% if x == 3 %}{% break %}{% endif %}{{ loop.revindex }}{{ "L" if loop.last }} {% endfor %}'),
    case('colon_after_block_headers', block('''
        {%- if execute: -%}run{%- elif other: -%}other{%- else: -%}skip{%- endif %}
        {% for x in [1, 2] if x > 0: %}{{ x }}{% else: %}none{% endfor %}
        {% for x in []: %}{{ x }}{% else: %}empty{% endfor %}
        {% set body: %}captured{% endset %}{{ body }}
        {% set up | upper: %}shout{% endset %}{{ up }}
        {% filter upper: %}filtered{% endfilter %}
        {% macro m(x): %}[{{ x }}{{ caller() if caller }}]{% endmacro %}{{ m(1) }}
        {% call m(2): %}c{% endcall %}
        {% call(y) m(3): %}{{ y }}{% endcall %}
        {% block b: %}in block{% endblock %}
        '''), context={'execute': False, 'other': True}),
    case('colon_in_dbt_statement_shape', block('''
        {%- macro statement(name=None, fetch_result=False, auto_begin=True) -%}
          {%- if execute: -%}
            {%- set compiled_code = caller() -%}
            {%- if name == 'main' -%}main:{%- endif -%}
            {{ compiled_code | trim }}
          {%- endif -%}
        {%- endmacro %}
        {%- call statement('main', fetch_result=True) -%}
          select 1
        {%- endcall %}
        '''), context={'execute': True}),
    case('if_inside_for_with_else_chain', block('''
        {%- for m in metrics %}
        {%- if m.agg == 'sum' %}
        sum({{ m.col }}) as {{ m.col }}_sum
        {%- elif m.agg == 'count' %}
        count({{ m.col }}) as {{ m.col }}_count
        {%- else %}
        {{ m.agg }}({{ m.col }}) as {{ m.col }}_{{ m.agg }}
        {%- endif %}{{ ',' if not loop.last }}
        {%- endfor %}
        '''), context={'metrics': [{'agg': 'sum', 'col': 'revenue'}, {'agg': 'count', 'col': 'user_id'}, {'agg': 'avg', 'col': 'watch_minutes'}]}),
    # Jinja2 runs a loop's else unless some iteration reached the end of its body: a break or
    # continue in every iteration that ran still lets it run
    case('for_else_after_break_or_continue', "{% for c in cols %}{% if c == 'id' %}{% break %}{% endif %}{{ c }}{% else %}no-columns{% endfor %}|{% for c in cols %}{% if c != 'zz' %}{% continue %}{% endif %}{{ c }}{% else %}none-matched{% endfor %}|{% for c in cols %}{% if loop.index == 2 %}{% break %}{% endif %}{{ c }}{% else %}unreached{% endfor %}", context={'cols': ['id', 'name', 'ts']}),
    # leaving a set or filter block with break/continue drops what the block rendered so far
    case('loop_control_inside_set_and_filter_blocks', "start;{% for c in cols %}{% set part %}[{{ c }}{% if c == 'name' %}{% continue %}{% endif %}]{% endset %}{{ part }}{% endfor %};{% for c in cols %}{% filter upper %}{{ c }}{% if loop.last %}{% break %}{% endif %},{% endfilter %}{% endfor %};end", context={'cols': ['id', 'name', 'ts']}),
]
