import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Environment, Kwargs, toPlain } from './index.js';

const env = new Environment();
const render = (src: string, ctx: Record<string, unknown> = {}): string => env.renderString(src, ctx, 'macros.sql');

test('return() gives the macro call any value, and stops the macro at once', () => {
  const src = `{% macro cols() %}before{{ return(['a', 'b']) }}after{% endmacro %}{% set c = cols() %}{{ c | length }}:{{ c }}`;
  assert.equal(render(src), "2:['a', 'b']");
});

test('do return() inside a loop returns from the macro', () => {
  const src = `{% macro find(xs, t) %}{% for x in xs %}{% if x > t %}{% do return(x) %}{% endif %}{% endfor %}{% do return(none) %}{% endmacro %}{{ find([1, 5, 9], 4) }}|{{ find([1], 4) }}`;
  assert.equal(render(src), '5|None');
});

test('macros without return render to text', () => {
  assert.equal(render(`{% macro m(a, b=2) %}{{ a }}+{{ b }}{% endmacro %}{{ m(1) }}|{{ m(1, b=3) }}|{{ m(b=4, a=0) }}`), '1+2|1+3|0+4');
});

test('lists and dicts are mutable across macro calls', () => {
  const src = `{% macro add(l, d, v) %}{% do l.append(v) %}{% do d.update({v: l | length}) %}{% endmacro %}{% set l = [] %}{% set d = {} %}{{ add(l, d, 'x') }}{{ add(l, d, 'y') }}{{ l }} {{ d }}`;
  assert.equal(render(src), "['x', 'y'] {'x': 1, 'y': 2}");
});

test('missing args are undefined, extras go to varargs and kwargs', () => {
  const src = `{% macro m(a, b) %}{{ b is defined }}|{{ varargs }}|{{ kwargs }}{% endmacro %}{{ m(1) }} {{ m(1, 2, 3, k='v') }}`;
  assert.equal(render(src), "False|()|{} True|(3,)|{'k': 'v'}");
});

test('too many positional args and unknown kwargs raise like Jinja2', () => {
  assert.throws(() => render(`{% macro m(a) %}{% endmacro %}{{ m(1, 2) }}`), /macro 'dbt_macro__m' takes not more than 1 argument\(s\)/);
  assert.throws(() => render(`{% macro m(a) %}{% endmacro %}{{ m(1, z=2) }}`), /macro 'dbt_macro__m' takes no keyword argument 'z'/);
});

test('call blocks pass caller, with arguments', () => {
  const src = `{% macro wrap(tag) %}<{{ tag }}>{{ caller('x') }}</{{ tag }}>{% endmacro %}{% call(v) wrap('b') %}[{{ v }}]{% endcall %}`;
  assert.equal(render(src), '<b>[x]</b>');
});

test('namespace attributes survive loop scopes while plain sets do not leak', () => {
  const src = `{% set ns = namespace(n=0) %}{% set plain = 0 %}{% for i in range(4) %}{% set ns.n = ns.n + i %}{% set plain = plain + i %}{% endfor %}{{ ns.n }}|{{ plain }}`;
  assert.equal(render(src), '6|0');
});

test('bound macros late-bind free names to the calling context', () => {
  const t = env.compile(`{% macro show() %}{{ target }}:{{ helper() }}{% endmacro %}`, 'macros/show.sql');
  const def = t.macros.find((m) => m.name === 'show');
  assert.ok(def);
  assert.deepEqual(def.params, []);
  assert.equal(def.line, 1);
  const a = def.bind({ target: 'dev', helper: () => 'A' });
  const b = def.bind({ target: 'prod', helper: () => 'B' });
  assert.equal(a(), 'dev:A');
  assert.equal(b(), 'prod:B');
  assert.equal(a.macroName, 'show');
});

test('a bound macro called from host code takes Kwargs and returns plain values via toPlain', () => {
  const t = env.compile(`{% macro cfg(name, scale=1) %}{{ return({'name': name, 'scale': scale * 1.0, 'cols': ('a',)}) }}{% endmacro %}`, 'macros/cfg.sql');
  const cfg = t.macros[0]!.bind({});
  const value = cfg('m', new Kwargs({ scale: 2 }));
  assert.deepEqual(toPlain(value), { name: 'm', scale: 2, cols: ['a'] });
});

test('macro params report defaults', () => {
  const t = env.compile(`{% macro m(a, b=1) %}{% endmacro %}\n{% macro n() %}{% endmacro %}`, 'macros/p.sql');
  assert.deepEqual(
    t.macros.map((m) => [m.name, m.line, m.params]),
    [
      ['m', 1, [{ name: 'a', hasDefault: false }, { name: 'b', hasDefault: true }]],
      ['n', 2, []],
    ],
  );
});

test('return() inside a call block returns from the macro that called caller(), as dbt macros do', () => {
  // dbt's return() ends the nearest dbt macro; a call block's body is a plain caller, so the
  // macro invoking caller() (dbt's `statement`, for one) is the one that returns.
  const src =
    `{% macro inner() %}{% set x = caller() %}[inner ran: {{ x }}]{% endmacro %}` +
    `{% macro outer() %}{% call inner() %}{{ return('early') }}{% endcall %}after{% endmacro %}{{ outer() }}`;
  for (const compileMode of ['js', 'closures'] as const) {
    assert.equal(new Environment({ compileMode }).renderString(src, {}, 'macros.sql'), 'earlyafter', compileMode);
  }
});

test('a parameter named varargs or kwargs is an ordinary parameter, with no catch-all, in both compile modes', () => {
  const src = [
    '{% macro outer() %}{{ return(inner(varargs)) }}{% endmacro %}',
    "{% macro inner(varargs) %}{{ return('got ' ~ varargs[0] ~ ' n=' ~ (varargs | length)) }}{% endmacro %}",
    "{% macro kw(kwargs) %}{{ kwargs }}{% endmacro %}",
    "{{ outer([1, 2]) }}|{{ kw({'a': 1}) }}|{{ inner.catch_varargs }}",
  ].join('');
  for (const compileMode of ['closures', 'js'] as const) {
    const modeEnv = new Environment({ compileMode });
    assert.equal(modeEnv.renderString(src, {}, 'macros.sql'), "got [1, 2] n=1|{'a': 1}|False", compileMode);
    assert.throws(() => modeEnv.renderString("{% macro inner(varargs) %}{{ varargs }}{% endmacro %}{{ inner(1, 2) }}", {}, 'x.sql'), /takes not more than 1 argument/, compileMode);
  }
});
