"""Literals, arithmetic, operators, access, slicing, calls and Python repr printing."""
from _case import case, block

AREA = 'expressions'

CASES = [
    # literals
    case('int_literals', '{{ 0 }}|{{ 42 }}|{{ -7 }}|{{ 1_000_000 }}'),
    case('float_literals', '{{ 1.5 }}|{{ 0.1 }}|{{ -2.25 }}|{{ 3.0 }}|{{ 10.0 }}|{{ 1_000.5 }}'),
    case('scientific_notation', '{{ 1e3 }}|{{ 1e20 }}|{{ 2.5e-3 }}|{{ 1E5 }}|{{ 1e-7 }}|{{ 1e16 }}|{{ 1e15 }}'),
    case('float_edge_printing', '{{ 123456789.123 }}|{{ 0.5e-4 }}|{{ 1/3 }}|{{ 2/3 }}|{{ 100.0 * 3 }}|{{ 1.1 * 3 }}'),
    case('string_literals_quotes', '''{{ 'single' }}|{{ "double" }}|{{ "it's" }}|{{ 'say "hi"' }}|{{ 'it\\'s' }}|{{ "a\\"b" }}'''),
    case('string_escapes', '''{{ 'tab\\there' }}|{{ "line1\\nline2" }}|{{ 'back\\\\slash' }}|{{ '\\u00e9t\\u00e9' }}|{{ 'x\\x41y' }}'''),
    case('string_adjacent_concat', '''{{ 'a' 'b' "c" }}'''),
    case('booleans_and_none', '{{ True }}|{{ true }}|{{ False }}|{{ false }}|{{ None }}|{{ none }}'),
    case('list_literals', '{{ [] }}|{{ [1, 2, 3] }}|{{ [1, [2, [3]]] }}|{{ ["a", 1, 2.5, none, true] }}|{{ [1, 2,] }}'),
    case('dict_literals', '''{{ {} }}|{{ {'a': 1, 'b': [1, 2]} }}|{{ {"k": {"n": none}} }}|{{ {1: 'one', 2.5: 'x'} }}'''),
    case('dict_non_string_keys_lookup', "{% set d = {1: 'one', 2.5: 'x', none: 'n', (1, 2): 't'} %}{{ d[1] }}|{{ d[2.5] }}|{{ d[none] }}|{{ d[(1, 2)] }}|{{ d[1.0] }}|{{ d[True] }}|{{ d[3] is undefined }}|{{ 1 in d }}|{{ '1' in d }}|{{ 2.5 in d }}|{{ d | length }}|{{ d }}"),
    case('dict_non_string_keys_methods', "{% set d = {1: 'a', 2: 'b'} %}{{ d.get(1) }}|{{ d.get(9, 'dflt') }}|{{ d.keys() | list }}|{{ d.values() | list }}|{{ d.items() | list }}|{% do d.update({3: 'c'}) %}{{ d }}|{{ d.pop(1) }}|{{ d }}|{{ d.setdefault(4, 'd') }}|{{ d }}|{% for k in d %}{{ k + 1 }} {% endfor %}|{% for k, v in d.items() %}{{ k }}={{ v }} {% endfor %}|{{ d.copy() == d }}|{{ d == {2: 'b', 3: 'c', 4: 'd'} }}|{{ d == {'2': 'b', '3': 'c', '4': 'd'} }}"),
    case('dict_non_string_keys_merge_and_filters', "{% set d = {1: 'int', 1.0: 'float', True: 'bool', 0: 'zero'} %}{{ d }}|{{ d | dictsort }}|{{ d | dictsort(by='value') }}|{{ {2: 'b', 1: 'a'} | tojson }}|{{ d | first }}|{{ d | list | sum }}|{{ dict([(1, 'x'), (2, 'y')]) }}|{{ {none: 1, False: 2} }}|{{ {1: 'a'} | items | list }}|{{ {'a': 1, 2: 'b'} }}"),
    case('tuple_literals', '{{ () }}|{{ (1,) }}|{{ (1, 2) }}|{{ ((1, 2), [3]) }}|{{ ("a", none) }}'),
    case('parenthesized_not_tuple', '{{ (1) }}|{{ ((2)) }}|{{ (1 + 2) * 3 }}'),
    # arithmetic
    case('addition_subtraction', '{{ 1 + 2 }}|{{ 5 - 8 }}|{{ 1.5 + 1 }}|{{ 0.1 + 0.2 }}|{{ 3 - 0.5 }}|{{ -3 + -4 }}'),
    case('multiplication', '{{ 6 * 7 }}|{{ 2 * 0.5 }}|{{ -3 * 4 }}|{{ 2.5 * 2 }}|{{ "ab" * 3 }}|{{ [0] * 3 }}'),
    case('true_division', '{{ 4 / 2 }}|{{ 7 / 2 }}|{{ -7 / 2 }}|{{ 1 / 8 }}|{{ 10 / 4.0 }}|{{ 0 / 5 }}'),
    case('floor_division', '{{ 7 // 2 }}|{{ -7 // 2 }}|{{ 7 // -2 }}|{{ 7.5 // 2 }}|{{ -7.5 // 2 }}|{{ 6 // 3 }}'),
    case('modulo', '{{ 7 % 3 }}|{{ -7 % 3 }}|{{ 7 % -3 }}|{{ -7 % -3 }}|{{ 7.5 % 2 }}|{{ -1 % 5 }}'),
    case('power', '{{ 2 ** 10 }}|{{ 2 ** -1 }}|{{ 2 ** 0.5 }}|{{ (-2) ** 3 }}|{{ -2 ** 2 }}|{{ 10 ** 0 }}|{{ 2 ** 3 ** 2 }}'),
    case('operator_precedence', '{{ 1 + 2 * 3 }}|{{ (1 + 2) * 3 }}|{{ 10 - 4 - 3 }}|{{ 100 / 10 / 5 }}|{{ 2 * 3 % 4 }}|{{ -2 * -3 }}'),
    case('unary_operators', '{{ -(3) }}|{{ +5 }}|{{ -(-5) }}|{{ - 1.5 }}|{{ not not 1 }}', context={'n': 4}),
    case('int_float_mixing', '{{ 3 + 0.0 }}|{{ 2 * 1.0 }}|{{ 9 // 1.0 }}|{{ 9 % 1.0 }}|{{ 1 - 1.0 }}'),
    case('arithmetic_with_context', '{{ a + b }}|{{ a * b }}|{{ a / b }}|{{ a // b }}|{{ a % b }}|{{ price * qty }}',
         context={'a': 17, 'b': 5, 'price': 2.5, 'qty': 3}),
    case('large_numbers', '{{ 10 ** 15 }}|{{ 2 ** 53 }}|{{ 123456789 * 1000 }}|{{ 1e15 + 1 }}|{{ 86400 * 365 }}'),
    # concat, comparisons, logic
    case('tilde_concat', '''{{ 'a' ~ 'b' }}|{{ 1 ~ 2 }}|{{ 'v' ~ 1.5 }}|{{ 'x' ~ none }}|{{ 'x' ~ true }}|{{ [1] ~ '' }}|{{ 'x' ~ missing ~ 'y' }}'''),
    case('string_plus', '''{{ 'a' + 'b' }}|{{ 'col_' + name }}|{{ [1] + [2, 3] }}''', context={'name': 'id'}),
    case('comparisons', '{{ 1 < 2 }}|{{ 2 <= 2 }}|{{ 3 > 4 }}|{{ 4 >= 4 }}|{{ 1 == 1.0 }}|{{ 1 != 2 }}|{{ "a" < "b" }}|{{ [1, 2] == [1, 2] }}'),
    case('chained_comparisons', '{{ 1 < 2 < 3 }}|{{ 1 < 3 < 2 }}|{{ 1 == 1 == 1 }}|{{ 0 <= x < 10 }}|{{ 5 > x > 1 }}', context={'x': 3}),
    case('equality_across_types', '''{{ 1 == '1' }}|{{ none == none }}|{{ true == 1 }}|{{ false == 0 }}|{{ {'a': 1} == {'a': 1} }}|{{ (1, 2) == [1, 2] }}'''),
    case('and_or_values', '''{{ 1 and 2 }}|{{ 0 and 2 }}|{{ '' or 'b' }}|{{ 'a' or 'b' }}|{{ none or 0 }}|{{ [] or [1] }}|{{ 0 or none }}'''),
    case('not_operator', '''{{ not 0 }}|{{ not 'x' }}|{{ not [] }}|{{ not none }}|{{ not 1 == 2 }}|{{ not (1 and 0) }}'''),
    case('logic_precedence', '{{ true or false and false }}|{{ (true or false) and false }}|{{ not true or true }}|{{ not (true or true) }}'),
    case('in_operator', '''{{ 1 in [1, 2] }}|{{ 'b' in 'abc' }}|{{ 'k' in {'k': 1} }}|{{ 3 not in [1, 2] }}|{{ 'z' not in 'abc' }}|{{ not 'a' in 'abc' }}'''),
    case('is_and_is_not', '{{ x is none }}|{{ x is not none }}|{{ 3 is odd }}|{{ 3 is not odd }}|{{ not 3 is odd }}|{{ y is defined }}', context={'x': None}),
    case('inline_if', '''{{ 'yes' if 1 else 'no' }}|{{ 'yes' if 0 else 'no' }}|{{ 'only' if false }}|[{{ 'x' if none }}]|{{ 1 if a > 2 else 2 if a > 1 else 3 }}''', context={'a': 2}),
    case('inline_if_in_expression', '''{{ 'select ' ~ ('distinct ' if distinct else '') ~ '*' }}|{{ (10 if big else 1) * 2 }}''', context={'distinct': True, 'big': False}),
    # access and slicing
    case('attribute_and_item_access', '''{{ user.name }}|{{ user['name'] }}|{{ user.tags[1] }}|{{ user['address'].city }}|{{ rows[0].id }}|{{ rows[-1]['id'] }}''',
         context={'user': {'name': 'ada', 'tags': ['a', 'b'], 'address': {'city': 'Oslo'}}, 'rows': [{'id': 1}, {'id': 2}]}),
    case('missing_item_is_undefined', '''[{{ d.nope }}]|[{{ d['nope'] }}]|[{{ l[10] }}]|{{ d.nope is defined }}|{{ l[10] is undefined }}''',
         context={'d': {'a': 1}, 'l': [1]}),
    case('dynamic_item_access', '''{{ d[key] }}|{{ d['k' ~ n] }}|{{ l[i + 1] }}''', context={'d': {'k1': 'one', 'k2': 'two'}, 'key': 'k2', 'n': 1, 'l': [10, 20, 30], 'i': 1}),
    case('string_indexing', '''{{ 'hello'[0] }}|{{ 'hello'[-1] }}|{{ s[1] }}''', context={'s': 'xyz'}),
    case('list_slicing', '{{ l[1:3] }}|{{ l[:2] }}|{{ l[2:] }}|{{ l[::-1] }}|{{ l[1:-1] }}|{{ l[::2] }}|{{ l[-2:] }}|{{ l[5:] }}',
         context={'l': [1, 2, 3, 4, 5]}),
    case('negative_step_slicing', '{{ l[::-2] }}|{{ l[3:0:-1] }}|{{ l[-1:-4:-1] }}|{{ s[::-1] }}|{{ s[-3:] }}|{{ s[1:-1] }}',
         context={'l': [1, 2, 3, 4, 5], 's': 'reelhouse'}),
    case('tuple_slicing', '{{ (1, 2, 3)[1:] }}|{{ (1, 2, 3)[::-1] }}|{{ (1, 2, 3)[0] }}'),
    # calls
    case('range_calls', '{{ range(3) | list }}|{{ range(2, 5) | list }}|{{ range(10, 0, -3) | list }}|{{ range(0) | list }}'),
    case('dict_global_call', '''{{ dict(a=1, b='x') }}|{{ dict() }}|{{ dict(a=1)['a'] }}'''),
    case('kwargs_and_splat_calls', block('''
        {% macro f(a, b=2, c=3) %}{{ a }}-{{ b }}-{{ c }}{% endmacro %}
        {{ f(1) }}|{{ f(1, c=9) }}|{{ f(*args) }}|{{ f(**kw) }}|{{ f(1, *rest) }}|{{ f(a=7, **more) }}
        '''), context={'args': [4, 5, 6], 'kw': {'a': 'x', 'b': 'y'}, 'rest': [8], 'more': {'c': 0}}),
    case('method_call_chain', '''{{ ' A,B '.strip().lower().split(',') }}|{{ 'x'.upper().center(5, '*') }}'''),
    # string formatting
    case('percent_formatting', '''{{ '%s-%s' % ('a', 1) }}|{{ '%d items' % 3 }}|{{ '%05.2f' % 3.14159 }}|{{ '%x' % 255 }}|{{ '%-5s|' % 'ab' }}|{{ '%(n)s!' % {'n': 'hi'} }}|{{ '%.1f%%' % 12.345 }}'''),
    case('percent_formatting_reprs', '''{{ '%s' % [1, 'a'] }}|{{ '%r' % 'q' }}|{{ '%s' % none }}|{{ '%i' % 7.9 }}|{{ '%e' % 12345.678 }}'''),
    case('str_format_method', '''{{ '{} and {}'.format('a', 'b') }}|{{ '{1}{0}'.format('x', 'y') }}|{{ '{name}!'.format(name='n') }}|{{ '{:>6}|'.format('r') }}|{{ '{:<6}|'.format('l') }}|{{ '{:^7}|'.format('c') }}'''),
    case('str_format_specs', '''{{ '{:.2f}'.format(3.14159) }}|{{ '{:,}'.format(1234567) }}|{{ '{:05d}'.format(42) }}|{{ '{:+d}'.format(5) }}|{{ '{:x}'.format(255) }}|{{ '{:.1%}'.format(0.256) }}|{{ '{:*^9}'.format('mid') }}|{{ '{0[1]}'.format(['a', 'b']) }}'''),
    # printing Python reprs
    case('repr_strings_in_lists', '''{{ ['a', "b"] }}|{{ ["it's"] }}|{{ ['say "x"'] }}|{{ ["both ' and \\""] }}|{{ ['tab\\t', 'nl\\n', 'bs\\\\'] }}'''),
    case('repr_nested_structures', '''{{ {'a': [1, {'b': (2, none)}], 'c': true} }}|{{ [[], {}, ()] }}|{{ [1.0, 2.5, -0.0] }}'''),
    case('repr_of_context_values', '{{ cols }}|{{ cfg }}|{{ nums }}|{{ flag }}|{{ nothing }}',
         context={'cols': ['id', 'name'], 'cfg': {'materialized': 'table', 'tags': ['daily'], 'enabled': True}, 'nums': [1, 2.5, -3], 'flag': False, 'nothing': None}),
    case('repr_unicode', '''{{ ['café', 'naïve'] }}|{{ {'ключ': 'значение'} }}|{{ 'emoji ✓' }}'''),
    case('print_strings_plain', '''{{ "it's" }}|{{ 'a' }}{{ 'b' }}|{{ "" }}|{{ ' padded ' }}'''),
    case('print_booleans_none_in_text', 'enabled={{ flag }} value={{ v }} missing={{ m }}', context={'flag': True, 'v': None}),
    case('multiline_expression', block('''
        {{
            1 +
            2
        }}|{{ [
            'a',
            'b',
        ] | join(',') }}
        ''')),
    case('float_repr_shortest', '{{ 0.1 + 0.7 }}|{{ 1.1 + 2.2 }}|{{ 3 * 0.1 }}|{{ 100 / 3 }}|{{ 0.0001 }}|{{ 0.00001 }}|{{ 123e-10 }}|{{ 1e22 }}|{{ 12345678901234567.0 }}|{{ 9.99 * 3 }}'),
    case('tuple_and_list_concat', '{{ (1, 2) + (3,) }}|{{ [1] + [2] }}|{{ cols + ["extra"] }}|{{ cols }}', context={'cols': ['a']}),
    case('filter_then_concat_and_condition', """{{ x | default('a') ~ 'b' }}|{{ 'x' | upper if flag else 'no' }}|{{ name | upper ~ '_' ~ n | string }}|{{ (n + 1) | string ~ '!' }}""", context={'flag': True, 'name': 'col', 'n': 4}),
    case('money_arithmetic', '{{ 9.99 + 14.99 }}|{{ (19.99 * 3) | round(2) }}|{{ 23.98 / 2 }}|{{ 0.07 * 100 }}|{{ (0.07 * 100) | int }}|{{ 1.15 * 100 }}'),
    case('string_comparison_ops', '''{{ 'abc' < 'abd' }}|{{ 'B' < 'a' }}|{{ 'a' * 0 == '' }}|{{ 'x' != 'X' }}'''),
    case('list_contains_dict', '''{{ {'a': 1} in [{'a': 1}] }}|{{ [1, 2] in [[1, 2]] }}|{{ 'id' in cols }}''', context={'cols': ['id', 'ts']}),
    # a list prints its strings as Python's repr does: unprintable characters (separators, format characters) escaped
    case('repr_escapes_unprintable_characters', "{{ ['tab\\there', 'nbsp\\xa0', 'line\\u2028sep', 'zero\\u200bwidth', 'bom\\ufeff', 'ok é 中'] }}|{{ {'k\\u2029': 'v'} }}"),
    # integers past 2**53 that a double holds exactly (powers of two) print in full, as Python prints them
    case('large_exact_integers_print_in_full', "{{ 2**62 }}|{{ 2**63 }}|{{ -(2**63) }}|{{ [2**64] }}|{{ (2**63)|string }}|{{ '%d' % (2**63) }}|{{ '{:,}'.format(2**62) }}"),
    # int arithmetic that passes 2**53 stays exact, as Python's ints have no size limit
    case('int_arithmetic_past_2_53_is_exact', "{{ 2**53 + 1 }}|{{ 3**40 }}|{{ 10**20 // 3 }}|{{ 10**20 % 7 }}|{{ 9007199254740991 * 3 }}|{{ -(2**53) - 3 }}|{{ 2**53 + 1 - 1 }}|{{ (2**60 + 1) / 2 }}|{{ 2**53 + 0.5 }}|{{ 10**18 * 1.0 }}|{{ 10**25 }}|{{ (3**40) | string | length }}"),
    # float // and % follow Python: the quotient comes from the exact remainder (0.1 is a little over a tenth)
    # and a zero remainder takes the divisor's sign
    case('float_floor_division_and_modulo', "{{ 3 // 0.1 }}|{{ 2.0 // 0.1 }}|{{ 1 // 0.2 }}|{{ -3 // 0.1 }}|{{ 3 % 0.1 }}|{{ 3 % -1.5 }}|{{ -150 % 3.75 }}|{{ 1.0 % -1.0 }}|{{ 0 // -5 }}|{{ 0.0 // -5 }}|{{ -7 // 2 }}|{{ 7 // -2.0 }}|{{ (-0.0)|round(1) }}"),
]
