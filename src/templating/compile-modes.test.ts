import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Environment, TemplateError } from './index.js';

const MACROS = `{% macro cols(names, prefix='') -%}
{%- for n in names %}{{ prefix }}{{ n }}{{ ', ' if not loop.last }}{% endfor -%}
{%- endmacro %}
{% macro pick(d, k) %}{{ return(d.get(k, 'none')) }}{% endmacro %}`;

const MODEL = `select {{ m.cols(columns, prefix='s.') }}, '{{ m.pick({'a': 1}, key) }}' as k
{%- for x in range(3) if x != skip %} /* {{ loop.index }}:{{ x }} */{% endfor %}
from {{ ref('orders') }}`;

function renderMany(mode: 'auto' | 'closures' | 'js', times: number): string[] {
  const env = new Environment({
    compileMode: mode,
    loader: (name) => (name === 'macros.sql' ? { source: MACROS, filename: 'macros.sql' } : undefined),
  });
  const out: string[] = [];
  for (let i = 0; i < times; i++) {
    const t = env.compile(`{% import 'macros.sql' as m %}${MODEL}`, `model_${i % 2}.sql`);
    out.push(t.render({ columns: ['id', `c${i}`], key: i % 2 ? 'a' : 'b', skip: i % 3, ref: (n: string) => `"main"."${n}"` }));
  }
  return out;
}

test('closures, generated JavaScript and auto (which switches when hot) render identically', () => {
  const js = renderMany('js', 120);
  assert.deepEqual(renderMany('closures', 120), js);
  assert.deepEqual(renderMany('auto', 120), js);
  assert.equal(js[1], `select s.id, s.c1, '1' as k /* 1:0 */ /* 2:2 */\nfrom "main"."orders"`);
});

test('bound macros keep working when their template is recompiled while hot', () => {
  const env = new Environment();
  const t = env.compile(MACROS, 'macros.sql');
  const first = t.macros.find((m) => m.name === 'cols')!.bind({});
  const results: unknown[] = [];
  // renders count as uses (binds do not): the template turns hot on the way
  for (let i = 0; i < 120; i++) {
    t.render();
    results.push(t.macros.find((m) => m.name === 'pick')!.bind({})({ a: i }, 'a'));
  }
  assert.deepEqual(results, Array.from({ length: 120 }, (_, i) => i));
  assert.equal(first(['a', 'b']), 'a, b');
});

test('a template built lazily still reports syntax and unknown-filter errors at compile time', () => {
  for (const mode of ['auto', 'closures', 'js'] as const) {
    const env = new Environment({ compileMode: mode });
    assert.throws(
      () => env.compile('select 1\n{{ x | no_such_filter }}', 'bad.sql'),
      (e: unknown) => e instanceof TemplateError && e.diagnostic.message === "No filter named 'no_such_filter'." && e.diagnostic.location?.line === 2,
    );
    assert.throws(() => env.compile('{% if x %}', 'open.sql'), TemplateError);
    // unknown filters in branches fail only when reached, as in Jinja2
    const t = env.compile('{% if false %}{{ x | no_such_filter }}{% endif %}ok', 'branch.sql');
    assert.equal(t.render(), 'ok');
  }
});

test('runtime errors of lazily built templates name the file and line, in every mode', () => {
  for (const mode of ['auto', 'closures', 'js'] as const) {
    const env = new Environment({ compileMode: mode });
    const t = env.compile('a\nb\n{{ 1 + "x" }}', 'models/err.sql');
    for (let i = 0; i < 3; i++) {
      assert.throws(
        () => t.render(),
        (e: unknown) => e instanceof TemplateError && e.diagnostic.location?.file === 'models/err.sql' && e.diagnostic.location.line === 3,
      );
    }
  }
});

test('a literal list or tuple is a new value each time it is evaluated, in every mode', () => {
  // literal items are read once when compiled: what a render does to the list must not leak
  const source = `{% for i in range(3) %}{% set l = ['a', 1] %}{% do l.append(i) %}{{ l }}{{ (2, 'b') }}{% endfor %}{% set m = [['x']] %}{% do m[0].append('y') %}{{ m }}`;
  for (const mode of ['auto', 'closures', 'js'] as const) {
    const t = new Environment({ compileMode: mode }).compile(source, 'lists.sql');
    const once = `['a', 1, 0](2, 'b')['a', 1, 1](2, 'b')['a', 1, 2](2, 'b')[['x', 'y']]`;
    assert.equal(t.render(), once);
    assert.equal(t.render(), once);
  }
});
