// Ints past 2**53 (query results' BIGINT and HUGEINT cells) stay exact in templates, as Python's
// ints do. The expected text is what Python's Jinja2 renders for the same templates and values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal } from './decimal.js';
import { Environment } from './environment.js';
import { PyInt } from './py-int.js';

const ctx = () => ({ x: PyInt.of(2n ** 53n + 1n), x2: PyInt.of(2n ** 53n + 1n), y: PyInt.of(-(2n ** 63n)), d: Decimal.parse('0.25') });

test('arithmetic on a big int is exact, and falls back to a number once the result fits one', () => {
  const out = new Environment().renderString(
    '{{ x }}|{{ x + 1 }}|{{ 1 + x }}|{{ x - 2 }}|{{ 10 - x }}|{{ x * 3 }}|{{ x // 7 }}|{{ -x // 7 }}|{{ x % 7 }}|{{ -x % 7 }}|{{ x / 4 }}|{{ x ** 2 }}|{{ x ** -1 }}|{{ x + 0.5 }}|{{ x + d }}|{{ d - x }}|{{ -x }}|{{ x | abs }}|{{ y }}|{{ y + 1 }}|{{ x - x }}|{{ (x - 9007199254740000) * 2 }}',
    ctx(),
  );
  assert.equal(out, '9007199254740993|9007199254740994|9007199254740994|9007199254740991|-9007199254740983|27021597764222979|1286742750677284|-1286742750677285|5|2|2251799813685248.0|81129638414606699710187514626049|1.1102230246251565e-16|9007199254740992.0|9007199254740993.25|-9007199254740992.75|-9007199254740993|9007199254740993|-9223372036854775808|-9223372036854775807|0|1986');
  assert.equal(typeof PyInt.of(2n ** 53n - 1n), 'number');
});

test('a big int compares, hashes, tests, filters and formats as a Python int', () => {
  const out = new Environment().renderString(
    "{{ x == x2 }}|{{ x == 9007199254740992 }}|{{ x != 9007199254740992.0 }}|{{ x > 9007199254740992.0 }}|{{ y < -9223372036854775807 }}|{{ x >= d }}|{{ [x, 5, y] | sort }}|{{ [x, x2] | unique | list }}|{{ x in [x2] }}|{{ {x: 'a'}[x2] }}|{{ x is number }}|{{ x is integer }}|{{ x | int }}|{{ x | float }}|{{ x | string }}|{{ [x] | tojson }}|{{ '%d|%5d|%x' % (x, y, 255) }}|{{ '{:,}|{}'.format(x, y) }}|{{ x | round }}|{{ [x, 1] | sum }}|{{ [x, y] | max }}|{{ x ~ '' }}|{{ x | pprint }}|{{ x if x else 0 }}",
    ctx(),
  );
  assert.equal(out, 'True|False|True|True|True|True|[-9223372036854775808, 5, 9007199254740993]|[9007199254740993]|True|a|True|True|9007199254740993|9007199254740992.0|9007199254740993|[9007199254740993]|9007199254740993|-9223372036854775808|ff|9,007,199,254,740,993|-9223372036854775808|9007199254740993|9007199254740994|9007199254740993|9007199254740993|9007199254740993|9007199254740993');
});

test("the int filter reads digits past 2**53 exactly, as Python's int() does", () => {
  assert.equal(
    new Environment().renderString("{{ '9007199254740993' | int }}|{{ ' -9_007_199_254_740_993 ' | int }}|{{ ('9007199254740993' | int) + 1 }}|{{ '12' | int }}", {}),
    '9007199254740993|-9007199254740993|9007199254740994|12',
  );
});
