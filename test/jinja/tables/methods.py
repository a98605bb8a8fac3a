"""Python methods of str, list and dict that dbt code calls from templates."""
from _case import case, block

AREA = 'methods'

S = {'s': '  Hello World  ', 'csv': 'a,b,,c', 'path': 'models/staging/stg_users.sql'}

CASES = [
    # str
    case('str_lower_upper', '''{{ 'MiXed'.lower() }}|{{ 'MiXed'.upper() }}|{{ name.upper() }}''', context={'name': 'orders'}),
    case('str_strip_whitespace', '[{{ s.strip() }}]|[{{ s.lstrip() }}]|[{{ s.rstrip() }}]', context=S),
    case('str_strip_chars', '''{{ 'xxhixx'.strip('x') }}|{{ '"quoted"'.strip('"') }}|{{ '--a--'.lstrip('-') }}|{{ 'a.sql'.rstrip('.lqs') }}|{{ '[id]'.strip('[]') }}'''),
    case('str_split', '''{{ csv.split(',') }}|{{ 'a b  c'.split() }}|{{ '  lead trail  '.split() }}|{{ 'a b'.split(' ') }}|{{ ''.split(',') }}|{{ ''.split() }}''', context=S),
    case('str_split_maxsplit', '''{{ 'a.b.c.d'.split('.', 1) }}|{{ 'a.b.c.d'.split('.', maxsplit=2) }}|{{ 'a b c'.split(none, 1) }}'''),
    case('str_rsplit', '''{{ 'a.b.c'.rsplit('.', 1) }}|{{ path.rsplit('/', 1)[-1] }}|{{ 'x y z'.rsplit() }}|{{ 'a.b.c'.rsplit('.') }}''', context=S),
    case('str_replace', '''{{ 'a-b-c'.replace('-', '_') }}|{{ 'aaaa'.replace('a', 'b', 2) }}|{{ 'abc'.replace('', '.') }}|{{ "it's".replace("'", "''") }}'''),
    case('str_startswith_endswith', '''{{ path.startswith('models/') }}|{{ path.endswith('.sql') }}|{{ path.endswith(('.csv', '.sql')) }}|{{ 'stg_x'.startswith(('int_', 'fct_')) }}|{{ 'abc'.startswith('b', 1) }}''', context=S),
    case('str_format', '''{{ '{}.{}'.format(schema, table) }}|{{ '{t} as {a}'.format(t='users', a='u') }}''', context={'schema': 'analytics', 'table': 'users'}),
    case('str_join', '''{{ ', '.join(cols) }}|{{ '-'.join('abc') }}|{{ ''.join(['x', 'y']) }}|{{ ' and '.join(conds) }}''', context={'cols': ['a', 'b'], 'conds': ['x > 1', 'y is not null']}),
    case('str_title_capitalize_swapcase', '''{{ 'hello wORLD'.title() }}|{{ "they're bill's".title() }}|{{ 'hello WORLD'.capitalize() }}|{{ 'Hello World'.swapcase() }}'''),
    case('str_count_find', '''{{ 'banana'.count('a') }}|{{ 'banana'.count('an') }}|{{ 'banana'.find('n') }}|{{ 'banana'.rfind('n') }}|{{ 'banana'.find('z') }}|{{ 'banana'.index('nan') }}|{{ 'banana'.find('a', 2) }}'''),
    case('str_predicates', '''{{ '123'.isdigit() }}|{{ '12a'.isdigit() }}|{{ 'abc'.isalpha() }}|{{ 'ab1'.isalnum() }}|{{ 'a_1'.isalnum() }}|{{ '  '.isspace() }}|{{ ''.isspace() }}|{{ 'ABC'.isupper() }}|{{ 'abc'.islower() }}|{{ 'Ab'.islower() }}'''),
    case('str_maketrans_translate', """{{ 'a-b c'.translate('x'.maketrans('- ', '__')) }}|{{ 'hello'.translate(''.maketrans('el', 'ip', 'o')) }}|{{ 'abc'.translate(''.maketrans({'a': 'AA', 'b': none, 99: 100})) }}|{{ ''.maketrans('ab', 'xy') }}|{{ ''.maketrans({'a': 1, 98: 'z'}) }}|{{ 'caf\u00e9'.translate({233: 'e', 99: 67}) }}"""),
    case('str_padding', '''{{ '42'.zfill(5) }}|{{ '-42'.zfill(5) }}|[{{ 'ab'.center(6) }}]|[{{ 'ab'.center(7, '*') }}]|[{{ 'ab'.ljust(5) }}]|[{{ 'ab'.rjust(5, '0') }}]'''),
    case('str_splitlines', '''{{ 'a\\nb\\r\\nc'.splitlines() }}|{{ text.splitlines() | length }}|{{ ''.splitlines() }}''', context={'text': 'select 1\nfrom x\nwhere y\n'}),
    case('str_partition', '''{{ 'key=value=x'.partition('=') }}|{{ 'novalue'.partition('=') }}|{{ 'a.b.c'.rpartition('.') }}'''),
    case('str_methods_on_context', '''{{ col.name.lower().replace(' ', '_') }}|{{ col['type'].upper().startswith('VARCHAR') }}''', context={'col': {'name': 'First Name', 'type': 'varchar(20)'}}),
    case('str_in_and_len', '''{{ 'ab' in 'cabd' }}|{{ 'select'|length }}|{{ s.strip()|length }}''', context=S),
    # list
    case('list_append', '{% set l = [1] %}{% do l.append(2) %}{% do l.append([3]) %}{{ l }}'),
    case('list_extend_insert', '{% set l = [1, 2] %}{% do l.extend([3, 4]) %}{% do l.insert(0, 0) %}{% do l.insert(-1, 9) %}{% do l.insert(100, 5) %}{{ l }}'),
    case('list_pop', '{% set l = [1, 2, 3, 4] %}{{ l.pop() }}|{{ l.pop(0) }}|{{ l.pop(-1) }}|{{ l }}'),
    case('list_remove_index_count', "{% set l = ['a', 'b', 'a', 'c'] %}{% do l.remove('a') %}{{ l }}|{{ l.index('c') }}|{{ l.count('a') }}|{{ l.count('z') }}"),
    case('list_reverse_sort', '{% set l = [3, 1, 2] %}{% do l.reverse() %}{{ l }}|{% do l.sort() %}{{ l }}|{% do l.sort(reverse=true) %}{{ l }}'),
    case('list_sort_strings', "{% set l = ['b', 'A', 'c', 'a'] %}{% do l.sort() %}{{ l }}"),
    case('list_copy_is_independent', '{% set a = [1, 2] %}{% set b = a.copy() %}{% do b.append(3) %}{{ a }}|{{ b }}'),
    case('list_aliasing', '{% set a = [1] %}{% set b = a %}{% do b.append(2) %}{{ a }}|{{ a is sameas b }}'),
    case('list_methods_return_none', '{% set l = [2, 1] %}[{{ l.append(3) }}]|[{{ l.sort() }}]|{{ l }}'),
    case('list_mutation_of_context', '{% do items.append("d") %}{{ items }}|{{ items | length }}', context={'items': ['a', 'b', 'c']}),
    # dict
    case('dict_keys_values_items', "{% set d = {'b': 1, 'a': 2} %}{{ d.keys() | list }}|{{ d.values() | list }}|{{ d.items() | list }}"),
    case('dict_iteration_order', "{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}|{% for k in d %}{{ k }}{% endfor %}", context={'d': {'z': 1, 'a': 2, 'm': 3}}),
    case('dict_get', "{% set d = {'a': 1, 'n': none} %}{{ d.get('a') }}|{{ d.get('x') }}|{{ d.get('x', 'dflt') }}|{{ d.get('n', 'dflt') }}"),
    case('dict_update', "{% set d = {'a': 1} %}{% do d.update({'b': 2, 'a': 0}) %}{% do d.update(c=3) %}{{ d }}"),
    case('dict_update_non_string_keys_printed', "{% set d = {'a': 0} %}{% for i in range(2) %}{% do d.update({i: i * i}) %}{% endfor %}{% do d.update({none: 1, (1, 2): 'pair', 1.5: 'half'}) %}{% do d.setdefault(true, 't') %}{{ d }}|{{ d | string }}|{{ [d] }}"),
    case('dict_pop', "{% set d = {'a': 1, 'b': 2} %}{{ d.pop('a') }}|{{ d.pop('zz', 'none-here') }}|{{ d }}"),
    case('dict_setdefault', "{% set d = {'a': 1} %}{{ d.setdefault('a', 5) }}|{{ d.setdefault('b', []) }}{% do d.setdefault('b', []).append(1) %}|{{ d }}"),
    case('dict_fromkeys', "{{ dict.fromkeys(['a', 'b']) }}|{{ dict.fromkeys('xy', 0) }}|{{ {}.fromkeys({'k': 1}, []) }}|{{ dict.fromkeys([1, 2], 'v') }}|{{ dict.fromkeys(cols) | length }}", context={'cols': ['id', 'id', 'name']}),
    case('dict_copy_and_in', "{% set d = {'a': 1} %}{% set e = d.copy() %}{% do e.update({'b': 2}) %}{{ d }}|{{ e }}|{{ 'a' in d }}|{{ 'b' in d }}|{{ 1 in d.values() }}"),
    case('dict_item_assignment_via_update', "{% set counts = {} %}{% for w in words %}{% do counts.update({w: counts.get(w, 0) + 1}) %}{% endfor %}{{ counts }}",
         context={'words': ['a', 'b', 'a', 'c', 'a']}),
    case('dict_len_and_bool', "{{ {} | length }}|{{ {'a': 1} | length }}|{{ 'empty' if not {} else 'full' }}"),
    case('dict_nested_get', "{{ cfg.get('meta', {}).get('owner', 'nobody') }}|{{ cfg.get('meta', {}).get('x', 'n/a') }}", context={'cfg': {'meta': {'owner': 'data-team'}}}),
    case('dict_items_sorted', "{% for k, v in d.items() | sort %}{{ k }}:{{ v }} {% endfor %}", context={'d': {'b': 2, 'c': 3, 'a': 1}}),
    # Python rounds a float's exact binary value half to even when formatting; ties are exact values like 2.5 or 0.125
    case('str_format_rounds_ties_to_even', "{{ '{:.0f}'.format(2.5) }}|{{ '{:.0f}'.format(3.5) }}|{{ '{:.2f}'.format(0.125) }}|{{ '{:.2f}'.format(0.375) }}|{{ '{:.2f}'.format(2.675) }}|{{ '{:.1e}'.format(0.125) }}|{{ '{:.2g}'.format(0.125) }}|{{ '%.1f' % 2.25 }}|{{ '%.0f' % 0.5 }}|{{ '%.0f' % 1.5 }}|{{ '%.2f' % -0.125 }}|{{ '{:,.2f}'.format(1234.125) }}|{{ '{:.2f}'.format(1e22) }}|{{ '%.1f' % 3e21 }}"),
    case('str_format_alternate_prefix', "{{ '{:#x}'.format(255) }}|{{ '{:#X}'.format(255) }}|{{ '{:#o}'.format(8) }}|{{ '{:#b}'.format(5) }}|{{ '{:#010x}'.format(255) }}|{{ '{:+#x}'.format(10) }}|{{ '{:#x}'.format(-255) }}|{{ '%#x' % 255 }}"),
    case('str_find_with_bounds', "{{ path.find('/', -10) }}|{{ path.find('s', 2, 5) }}|{{ path.rfind('/', 0, 10) }}|{{ path.rfind('s', 20) }}|{{ path.index('_', 10) }}|{{ path.rindex('s', 0, 12) }}|{{ 'abc'.find('', 3) }}|{{ 'abc'.find('', 4) }}|{{ 'a.b.c'.rfind('.', -3, -1) }}", context={'path': 'models/staging/stg_users.sql'}),
    case('str_more_methods', "{{ 'c1\\tc22\\tc3'.expandtabs(4) }}|{{ 'x\\ty'.expandtabs() }}|{{ '{schema}.{table}'.format_map({'schema': 'raw', 'table': 'orders'}) }}|{{ 'abc'.isascii() }}|{{ 'ä'.isascii() }}|{{ 'a b'.isprintable() }}|{{ 'a\\nb'.isprintable() }}|{{ 'Straße'.casefold() }}"),
    # a float formatted with a precision and no type keeps a '.0' and switches to exponent form one digit early
    case('str_format_precision_without_type', "{{ '{:.3}'.format(12.0) }}|{{ '{:.3}'.format(123.0) }}|{{ '{:.3}'.format(99.99) }}|{{ '{:.5}'.format(1234.5) }}|{{ '{:.2}'.format(0.25) }}|{{ '{:.1}'.format(0.0) }}|{{ '{:.2}'.format(0.0) }}|{{ '{:>8.3}|'.format(2.5) }}|{{ '{:.4}'.format(0.00012345) }}"),
    case('str_count_and_replace_edges', "{{ 'abc'.count('', 2, 0) }}|{{ 'abc'.count('', 4) }}|{{ 'abc'.count('', 0, -5) }}|{{ 'a_b_c'.count('_', -3) }}|{{ 'ab'.replace('', '-', 3) }}|{{ ''.replace('', '-', 5) }}|{{ 'abc'.replace('', '.', 2) }}"),
]
