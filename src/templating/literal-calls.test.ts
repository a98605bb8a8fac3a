import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Environment, Kwargs, TemplateError } from './index.js';

const MODES = ['auto', 'closures', 'js'] as const;

// A host function that keeps what it is given and changes it, as a config() call may.
function keeper(): { seen: unknown[]; keep: (...a: unknown[]) => string } {
  const seen: unknown[] = [];
  return {
    seen,
    keep: (...a: unknown[]) => {
      for (const x of a) {
        const v = x instanceof Kwargs ? x.values : x;
        seen.push(JSON.stringify(v));
        const lists = Array.isArray(v) ? [v] : v && typeof v === 'object' ? Object.values(v).filter(Array.isArray) : [];
        for (const list of lists) {
          list.push('changed');
          for (const inner of list) if (Array.isArray(inner)) inner.push('changed');
        }
      }
      return '';
    },
  };
}

test('a literal list passed to a context function is a new list at every call, nested lists included', () => {
  for (const compileMode of MODES) {
    const env = new Environment({ compileMode });
    const k = keeper();
    const source = "{% for i in range(3) %}{{ keep(['a', ['b']], 1) }}{{ keep(tags=['t'], n=none) }}{% do keep('x', [[1]]) %}{% endfor %}";
    env.compile(source, 'model.sql').render({ keep: k.keep });
    const once = ['["a",["b"]]', '1', '{"tags":["t"],"n":null}', '"x"', '[[1]]'];
    assert.deepEqual(k.seen, [...once, ...once, ...once], compileMode);
  }
});

test('a context function called with constant arguments prints its value and reports its line', () => {
  for (const compileMode of MODES) {
    const env = new Environment({ compileMode });
    const t = env.compile("select *\nfrom {{ ref('a') }}\njoin {{ ref('b', 'c') }} using (id)\n{{ fail('boom') }}", 'model.sql');
    const ref = (...a: unknown[]) => a.join('.');
    assert.equal(env.compile("from {{ ref('a') }} join {{ ref('b', 'c') }}", 'ok.sql').render({ ref }), 'from a join b.c', compileMode);
    assert.throws(
      () =>
        t.render({
          ref,
          fail: () => {
            throw new Error('boom');
          },
        }),
      (e: unknown) => e instanceof TemplateError && e.diagnostic.location?.file === 'model.sql' && e.diagnostic.location?.line === 4,
      compileMode,
    );
  }
});

test('a name set in the template is called rather than the context function of that name', () => {
  for (const compileMode of MODES) {
    const env = new Environment({ compileMode });
    const t = env.compile("{{ ref('x') }} {% set ref = other %}{{ ref('x') }}", 'model.sql');
    assert.equal(t.render({ ref: (n: string) => `ctx:${n}`, other: (n: string) => `set:${n}` }), 'ctx:x set:x', compileMode);
  }
});

test('a missing function called with constant arguments renders nothing while parsing and fails otherwise', () => {
  const env = new Environment();
  const t = env.compile("a{{ missing('x') }}b{{ missing(tags=['y']) }}c", 'model.sql');
  env.parsing = true;
  assert.equal(t.render(), 'abc');
  env.parsing = false;
  assert.throws(() => t.render(), TemplateError);
});

test('templates without macros or blocks share their empty macro and block tables', () => {
  const env = new Environment();
  const a = env.compile("select {{ ref('a') }}", 'a.sql').module;
  const b = env.compile('select 2', 'b.sql').module;
  assert.equal(a.macros, b.macros);
  assert.equal(a.blocks, b.blocks);
  assert.ok(Object.isFrozen(a.macros) && Object.isFrozen(a.blocks));
  const withMacro = env.compile('{% macro m() %}x{% endmacro %}{{ m() }}', 'c.sql');
  assert.notEqual(withMacro.module.macros, a.macros);
  assert.equal(withMacro.render(), 'x');
});

test('a template built after its tree was dropped reports errors with its own file and line', () => {
  const env = new Environment();
  const first = env.compile("line 1\n{{ ref('x') }}\n{{ 1 / 0 }}", 'first.sql');
  // later compiles drop the first template's tree: it is parsed again when first rendered
  for (let i = 0; i < 8; i++) env.compile(`select ${i}`, `other_${i}.sql`);
  assert.throws(
    () => first.render({ ref: (n: string) => n }),
    (e: unknown) => e instanceof TemplateError && e.diagnostic.location?.file === 'first.sql' && e.diagnostic.location?.line === 3,
  );
});

test('conditions on a context name or a context function called with constants test the value as Jinja does', () => {
  const source = "{% if execute %}e{% endif %}{% if is_incremental() %}i{% endif %}{% if var('x', false) %}v{% endif %}{% if not missing %}m{% endif %}";
  const contexts = [
    { execute: true, is_incremental: () => true, var: (_: string, d: unknown) => d },
    { execute: [], is_incremental: () => '', var: () => 'yes' },
    { execute: 0, is_incremental: () => ['x'], var: () => null },
  ];
  const expected = ['eim', 'vm', 'im'];
  for (const compileMode of MODES) {
    const env = new Environment({ compileMode });
    const t = env.compile(source, 'model.sql');
    assert.deepEqual(contexts.map((c) => t.render(c)), expected, compileMode);
    // while parsing, a missing function's call absorbs as dbt's parse-time undefined does
    env.parsing = true;
    assert.equal(env.compile('{% if nothing_here() %}yes{% else %}no{% endif %}{{ nothing_here() }}', 'p.sql').render(), 'no', compileMode);
  }
});
