import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Environment, TemplateError, isUndefined } from './index.js';

test('lenient undefined prints empty, is falsy and iterates empty', () => {
  const env = new Environment();
  assert.equal(env.renderString(`[{{ x }}]{% if x %}t{% else %}f{% endif %}{% for i in x %}i{% endfor %}{{ x | default('d') }}{{ x is defined }}`), '[]fdFalse');
});

test('lenient undefined fails on attribute access with Jinja2 message', () => {
  const env = new Environment();
  assert.throws(() => env.renderString('{{ x.y }}'), (e: unknown) => e instanceof TemplateError && e.pyType === 'UndefinedError' && e.message === "'x' is undefined");
  assert.throws(() => env.renderString('{{ d.a.b }}', { d: {} }), /'dict object' has no attribute 'a'/);
});

test('strict undefined fails on print, truth test and iteration but not on tests or default', () => {
  const env = new Environment({ undefinedBehavior: 'strict' });
  for (const src of ['{{ x }}', '{% if x %}{% endif %}', '{% for i in x %}{% endfor %}', "{{ x ~ 'a' }}"]) {
    assert.throws(() => env.renderString(src), /'x' is undefined/, src);
  }
  assert.equal(env.renderString(`{{ x is defined }}|{{ x | default(1) }}`), 'False|1');
});

test('isUndefined recognises values returned from templates', () => {
  const env = new Environment();
  const t = env.compile('{% macro m() %}{{ return(nothing) }}{% endmacro %}', 'u.sql');
  assert.equal(isUndefined(t.macros[0]!.bind({})()), true);
  assert.equal(isUndefined(null), false);
});

test('lenient undefined is iterable, as Jinja2 Undefined defines __iter__', () => {
  const env = new Environment();
  // a list-check macro in the style packages write: an undefined argument counts as an (empty) list
  const src = `{% macro listy(o) %}{{ return(o is iterable and o is not string and o is not mapping) }}{% endmacro %}{{ listy(missing) }}|{{ listy('s') }}|{{ missing is iterable }}`;
  assert.equal(env.renderString(src), 'True|False|True');
  const strict = new Environment({ undefinedBehavior: 'strict' });
  assert.throws(() => strict.renderString('{{ missing is iterable }}'), /'missing' is undefined/);
});

test('indent, wordwrap, filesizeformat and dictsort fail on an undefined value, as in Jinja2', () => {
  const env = new Environment();
  for (const f of ['indent(2)', 'wordwrap(5)', 'filesizeformat', 'dictsort']) {
    assert.throws(
      () => env.renderString(`{{ absent_col | ${f} }}`),
      (e: unknown) => e instanceof TemplateError && e.pyType === 'UndefinedError' && e.message === "'absent_col' is undefined",
      f,
    );
  }
});

test('reading a member of an undefined name (a package that is not installed) says it may be a missing macro, as dbt does', () => {
  const env = new Environment();
  const missingMacro = (e: unknown): boolean =>
    e instanceof TemplateError && e.message === "'dbt_utils' is undefined" && /calling a macro that does not exist/.test(e.diagnostic.hint ?? '');
  assert.throws(() => env.renderString("{{ dbt_utils.generate_surrogate_key(['id']) }}"), missingMacro);
  assert.throws(() => env.renderString("{{ dbt_utils['star']() }}"), missingMacro);
});
