import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReelhouseError } from '../core/diagnostic.js';
import { Environment, Kwargs, NotImplemented, PY_ATTRIBUTES, PY_MISSING_IS_NONE, PyDict, TemplateError, pyRepr, toPlain, tuple } from './index.js';

const env = new Environment();

test('keyword arguments reach host functions as a trailing Kwargs', () => {
  const seen: unknown[][] = [];
  const config = (...args: unknown[]): string => {
    seen.push(args);
    return '';
  };
  env.renderString(`{{ config(materialized='table') }}{{ config('x', 1) }}{{ config(*['a'], **{'k': 2}) }}`, { config });
  assert.equal(seen.length, 3);
  assert.ok(seen[0]![0] instanceof Kwargs);
  assert.deepEqual((seen[0]![0] as Kwargs).values, { materialized: 'table' });
  assert.deepEqual(seen[1], ['x', 1]);
  assert.equal(seen[2]![0], 'a');
  assert.deepEqual((seen[2]![1] as Kwargs).values, { k: 2 });
});

test('class instances expose bound methods and properties; plain objects act as dicts', () => {
  class Adapter {
    prefix = 'p_';
    quote(name: string): string {
      return `"${this.prefix}${name}"`;
    }
  }
  const out = env.renderString(`{{ adapter.quote('x') }}|{{ adapter['prefix'] }}|{{ d.items() | list }}|{{ d.k }}|{{ d.get('zz', 0) }}`, {
    adapter: new Adapter(),
    d: { k: 1 },
  });
  assert.equal(out, `"p_x"|p_|[('k', 1)]|1|0`);
});

test('functions stored on plain objects are callable as methods', () => {
  const out = env.renderString(`{{ api.get('a') }}`, { api: { get: (k: string) => `got ${k}` } });
  assert.equal(out, 'got a');
});

test('a ReelhouseError from a host function gets the template location', () => {
  const ref = (): never => {
    throw new ReelhouseError({ code: 'ref-not-found', severity: 'error', message: "model 'x' not found" });
  };
  try {
    env.renderString('select 1\nfrom {{ ref("x") }}', { ref }, 'models/a.sql');
    assert.fail('expected an error');
  } catch (e) {
    assert.ok(e instanceof ReelhouseError);
    assert.equal(e.diagnostic.code, 'ref-not-found');
    assert.deepEqual(e.diagnostic.location, { file: 'models/a.sql', line: 2 });
    assert.equal(e.diagnostic.excerpt, 'from {{ ref("x") }}');
  }
});

test('a plain Error from a host function becomes a located TemplateError', () => {
  const boom = (): never => {
    throw new Error('connection lost');
  };
  try {
    env.renderString('a\n\n{% set x = boom() %}', { boom }, 'models/b.sql');
    assert.fail('expected an error');
  } catch (e) {
    assert.ok(e instanceof TemplateError);
    assert.equal(e.diagnostic.message, 'connection lost');
    assert.equal(e.diagnostic.location?.file, 'models/b.sql');
    assert.equal(e.diagnostic.location?.line, 3);
  }
});

test('host filters and tests receive args and Kwargs', () => {
  const e2 = new Environment();
  e2.addFilter('wrap', (v, ...a) => `${String(a[0])}${String(v)}${a[1] instanceof Kwargs ? String(a[1].values.end) : ''}`);
  e2.addTest('short', (v) => String(v).length < 3);
  e2.addGlobal('answer', 42);
  assert.equal(e2.renderString(`{{ 'x' | wrap('<', end='>') }}|{{ 'ab' is short }}|{{ answer }}`), '<x>|True|42');
});

// Small host classes shaped like what dbt hands to templates (datetime, timedelta, Relation, agate tables).
class Duration {
  constructor(readonly days: number) {}
  __radd__(other: unknown): unknown {
    return other instanceof Day ? new Day(other.n + this.days) : NotImplemented;
  }
  __mul__(k: unknown): unknown {
    return typeof k === 'number' ? new Duration(this.days * k) : NotImplemented;
  }
  __rmul__(k: unknown): unknown {
    return this.__mul__(k);
  }
  __str__(): string {
    return `${this.days} days, 0:00:00`;
  }
}

class Day {
  constructor(readonly n: number) {}
  __add__(other: unknown): unknown {
    return typeof other === 'number' ? new Day(this.n + other) : NotImplemented;
  }
  __sub__(other: unknown): unknown {
    if (other instanceof Day) return new Duration(this.n - other.n);
    if (other instanceof Duration) return new Day(this.n - other.days);
    return NotImplemented;
  }
  __eq__(other: unknown): unknown {
    return other instanceof Day ? other.n === this.n : NotImplemented;
  }
  __lt__(other: unknown): unknown {
    return other instanceof Day ? this.n < other.n : NotImplemented;
  }
  __le__(other: unknown): unknown {
    return other instanceof Day ? this.n <= other.n : NotImplemented;
  }
  __gt__(other: unknown): unknown {
    return other instanceof Day ? this.n > other.n : NotImplemented;
  }
  __ge__(other: unknown): unknown {
    return other instanceof Day ? this.n >= other.n : NotImplemented;
  }
  __str__(): string {
    return `2024-01-${String(this.n).padStart(2, '0')}`;
  }
  __repr__(): string {
    return `Day(${this.n})`;
  }
}

class Table {
  constructor(readonly rows: string[][]) {}
  columns = ['id', 'name'];
  __len__(): number {
    return this.rows.length;
  }
  __iter__(): Iterable<unknown> {
    return this.rows;
  }
  __getitem__(key: unknown): unknown {
    if (typeof key === 'number') return this.rows[key < 0 ? this.rows.length + key : key];
    if (typeof key === 'string') {
      const i = this.columns.indexOf(key);
      return i < 0 ? undefined : this.rows.map((r) => r[i]);
    }
    return undefined;
  }
  __contains__(v: unknown): boolean {
    return this.rows.some((r) => r.includes(v as string));
  }
}

class Relation {
  constructor(readonly name: string) {}
  __str__(): string {
    return `"db"."main"."${this.name}"`;
  }
  __repr__(): string {
    return `<DuckDBRelation ${this.name}>`;
  }
  __eq__(other: unknown): boolean {
    return other instanceof Relation && other.name === this.name;
  }
  __ne__(other: unknown): boolean {
    return !this.__eq__(other);
  }
  __bool__(): boolean {
    return this.name !== '';
  }
  __call__(suffix: unknown): Relation {
    return new Relation(`${this.name}${String(suffix)}`);
  }
}

test('arithmetic operators call __add__/__sub__/__mul__ and fall back to the reflected method', () => {
  const out = env.renderString(`{{ d + 2 }}|{{ d - e }}|{{ d + w }}|{{ w * 2 }}|{{ 3 * w }}|{{ d - w }}|{{ (d - e).days }}`, {
    d: new Day(10),
    e: new Day(3),
    w: new Duration(7),
  });
  assert.equal(out, '2024-01-12|7 days, 0:00:00|2024-01-17|14 days, 0:00:00|21 days, 0:00:00|2024-01-03|7');
});

test('an operator no dunder handles raises the Python TypeError', () => {
  assert.throws(() => env.renderString(`{{ d + 'x' }}`, { d: new Day(1) }), (e: unknown) => e instanceof TemplateError && /unsupported operand type\(s\) for \+: 'Day' and 'str'/.test(e.diagnostic.message));
  assert.throws(() => env.renderString(`{{ d < 1 }}`, { d: new Day(1) }), (e: unknown) => e instanceof TemplateError && /'<' not supported between instances of 'Day' and 'int'/.test(e.diagnostic.message));
});

test('comparisons, equality, sort, min and max use the rich comparison methods', () => {
  const days = [new Day(5), new Day(2), new Day(9)];
  const out = env.renderString(
    `{{ a < b }}|{{ a <= b }}|{{ a > b }}|{{ a >= b }}|{{ a == c }}|{{ a != c }}|{{ a == b }}|{{ days | sort | join(',') }}|{{ days | min }}|{{ days | max }}|{{ days | sort(reverse=true) | first }}|{{ a in days }}|{{ days.index(c) }}`,
    { a: new Day(5), b: new Day(9), c: new Day(5), days },
  );
  assert.equal(out, 'True|True|False|False|True|False|False|2024-01-02,2024-01-05,2024-01-09|2024-01-02|2024-01-09|2024-01-09|True|0');
});

test('__eq__ and __ne__ decide equality tests and list membership', () => {
  const out = env.renderString(`{{ r == s }}|{{ r != s }}|{{ r == t }}|{{ r is eq(s) }}|{{ s in [t, r] }}|{{ [r] == [s] }}`, {
    r: new Relation('orders'),
    s: new Relation('orders'),
    t: new Relation('users'),
  });
  assert.equal(out, 'True|False|False|True|True|True');
});

test('len, length, in, item access and iteration use __len__, __contains__, __getitem__ and __iter__', () => {
  const table = new Table([
    ['1', 'ann'],
    ['2', 'bob'],
  ]);
  const out = env.renderString(
    `{{ t | length }}|{{ t | count }}|{{ 'bob' in t }}|{{ 'zed' in t }}|{{ 'zed' not in t }}|{{ t[0] }}|{{ t[-1][1] }}|{{ t['name'] }}|{{ t.name }}|{{ t.columns }}|{% for id, name in t %}{{ id }}={{ name }}{{ ',' if not loop.last }}{% endfor %}|{{ t | list }}|{{ t | map(attribute=1) | join('+') }}|{{ t is iterable }}|{{ t is sequence }}`,
    { t: table },
  );
  assert.equal(out, `2|2|True|False|True|['1', 'ann']|bob|['ann', 'bob']|['ann', 'bob']|['id', 'name']|1=ann,2=bob|[['1', 'ann'], ['2', 'bob']]|ann+bob|True|True`);
});

test('printing uses __str__, containers show __repr__, and truthiness uses __bool__ then __len__', () => {
  const out = env.renderString(
    `{{ r }}|{{ [r] }}|{{ {'k': r} }}|{{ r ~ '!' }}|{{ r | string }}|{{ 'yes' if r else 'no' }}|{{ 'yes' if empty_rel else 'no' }}|{{ 'rows' if t else 'none' }}|{{ 'rows' if no_rows else 'none' }}|{{ d | pprint }}`,
    { r: new Relation('orders'), empty_rel: new Relation(''), t: new Table([['1', 'a']]), no_rows: new Table([]), d: new Day(4) },
  );
  assert.equal(out, `"db"."main"."orders"|[<DuckDBRelation orders>]|{'k': <DuckDBRelation orders>}|"db"."main"."orders"!|"db"."main"."orders"|yes|no|rows|none|Day(4)`);
});

test('objects with __call__ are callable from templates and pass the callable test', () => {
  const out = env.renderString(`{{ r('_v2') }}|{{ r is callable }}|{{ d is callable }}`, { r: new Relation('orders'), d: new Day(1) });
  assert.equal(out, '"db"."main"."orders_v2"|True|False');
});

test('dicts with non-string keys print, compare and convert like Python dicts', () => {
  assert.equal(env.renderString(`{% set d = {1: 'one', 2.5: 'x'} %}{{ d }}|{{ d[1] }}|{{ d[2.5] }}`), "{1: 'one', 2.5: 'x'}|one|x");
  const macro = env.compile(`{% macro m() %}{{ return({1: 'one', 'a': [1.0]}) }}{% endmacro %}`, 'm.sql').macros[0]!.bind({});
  const value = macro();
  assert.ok(value instanceof PyDict);
  assert.equal(pyRepr(value), "{1: 'one', 'a': [1.0]}");
  assert.deepEqual(toPlain(value), { '1': 'one', a: [1] });
  const plain = env.compile(`{% macro m() %}{{ return({'a': 1}) }}{% endmacro %}`, 'p.sql').macros[0]!.bind({})();
  assert.deepEqual(plain, { a: 1 });
  assert.equal(env.renderString(`{{ d[1] }}|{{ d | length }}`, { d: new PyDict([[1, 'host']]) }), 'host|1');
});

test('a __getitem__ that raises a lookup error falls back to the attribute, as Jinja2 does', () => {
  class Row {
    label = 'attr';
    __getitem__(key: unknown): unknown {
      if (key === 'id') return 7;
      throw new RangeError(`no column ${String(key)}`);
    }
  }
  const out = env.renderString(`{{ r['id'] }}|{{ r.id }}|{{ r['label'] }}|{{ r.missing is undefined }}`, { r: new Row() });
  assert.equal(out, '7|7|attr|True');
});

test("a named sequence answers row['count'] with its item, while row.count stays the tuple method", () => {
  const row = Object.assign(['a', 7, 9], { name: 'a', count: 7, index: 9 });
  assert.equal(env.renderString("{{ row['count'] }} {{ row['index'] }} {{ row['name'] }} {{ row.count('a') }} {{ row[1] }}", { row }), '7 9 a 1 7');
  // a plain list keeps Python's behaviour: no string keys
  assert.equal(env.renderString("{{ xs['count'] is callable }}", { xs: [1, 2] }), 'True');
});

test("a host sequence's own attribute (PY_ATTRIBUTES) wins over the list method of its name; lists keep theirs", () => {
  // shaped like agate's Column: a sequence whose class defines `index` (its position)
  const column = tuple(['a', 'b', 'a']);
  Object.defineProperty(column, 'index', { value: 2, enumerable: false });
  Object.defineProperty(column, PY_ATTRIBUTES, { value: new Set(['index']), enumerable: false });
  // shaped like agate's Row: a cell named `index` is an item, and `row.index` stays the method
  const row = tuple(['x', 'y']);
  Object.defineProperty(row, 'index', { value: 'y', enumerable: false });
  const out = env.renderString(
    "{{ c.index }}|{{ c['index'] }}|{{ c.count('a') }}|{{ r.index('y') }}|{{ r.index is callable }}|{{ [5, 6].index(6) }}|{{ [5, 6].count(5) }}|{{ (5, 6).index(5) }}",
    { c: column, r: row },
  );
  assert.equal(out, '2|2|2|1|True|1|1|0');
  assert.throws(() => env.renderString('{{ c.index(1) }}', { c: column }), (e: unknown) => e instanceof TemplateError && e.pyType === 'TypeError' && /'int' object is not callable/.test(e.diagnostic.message));
});

test('a dict marked PY_MISSING_IS_NONE reads a key it lacks as None, by attribute or item, and stays a dict', () => {
  const config: Record<string, unknown> = { materialized: 'test' };
  Object.defineProperty(config, PY_MISSING_IS_NONE, { value: true });
  const out = env.renderString(
    `{{ c.full_refresh is none }}|{{ c['full_refresh'] is none }}|{{ c.materialized }}|{{ c.get('x', 1) }}|{{ c | list }}|{{ c | tojson }}|{{ d.full_refresh is defined }}`,
    { c: config, d: { materialized: 'test' } },
  );
  assert.equal(out, `True|True|test|1|['materialized']|{"materialized": "test"}|False`);
});

test('dict() of a host object with keys() reads it key by key, as Python reads a mapping, not as a list of pairs', () => {
  // shaped as an agate row: a tuple of values that also answers keys() and lookups by name
  const row = Object.assign(tuple([7, 'lofi']), {});
  Object.defineProperty(row, 'keys', { value: () => tuple(['id', 'channel']), enumerable: false });
  Object.defineProperty(row, '__getitem__', { value: (k: unknown) => (k === 'id' ? 7 : k === 'channel' ? 'lofi' : undefined), enumerable: false });
  const fields = new Map<string, unknown>([['schema', 's']]);
  const out = env.renderString("{{ dict(row) }}|{{ dict(row, extra=1) }}|{{ dict(fields) }}|{{ dict([('a', 1)]) }}|{{ dict([[1, 2]]) }}", { row, fields });
  assert.equal(out, "{'id': 7, 'channel': 'lofi'}|{'id': 7, 'channel': 'lofi', 'extra': 1}|{'schema': 's'}|{'a': 1}|{1: 2}");
});
