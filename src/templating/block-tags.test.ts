import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Environment } from './index.js';

function dbtEnv(): Environment {
  const env = new Environment();
  env.addBlockTag({ tag: 'test', kind: 'macro', macroName: (name) => `test_${name}` });
  env.addBlockTag({
    tag: 'materialization',
    kind: 'macro',
    macroName: (name, kw) => `materialization_${name}_${typeof kw.adapter === 'string' ? kw.adapter : 'default'}`,
  });
  env.addBlockTag({ tag: 'docs', kind: 'capture' });
  env.addBlockTag({ tag: 'snapshot', kind: 'capture' });
  return env;
}

test('macro-kind block tags define macros with params', () => {
  const env = dbtEnv();
  const t = env.compile(`{% test not_null(model, column_name) %}\nselect * from {{ model }} where {{ column_name }} is null\n{% endtest %}`, 'tests/generic.sql');
  assert.equal(t.macros.length, 1);
  const m = t.macros[0]!;
  assert.equal(m.name, 'test_not_null');
  assert.deepEqual(m.params.map((p) => p.name), ['model', 'column_name']);
  assert.equal(m.bind({})('orders', 'id'), '\nselect * from orders where id is null\n');
});

test('materialization headers take a name and keyword args', () => {
  const env = dbtEnv();
  const t = env.compile(
    `{% materialization table, adapter='duckdb' %}{{ return({'relations': [this]}) }}{% endmaterialization %}{% materialization view, default %}v{% endmaterialization %}`,
    'macros/mat.sql',
  );
  assert.deepEqual(t.macros.map((m) => m.name), ['materialization_table_duckdb', 'materialization_view_default']);
  assert.deepEqual(t.macros[0]!.bind({ this: 'x' })(), { relations: ['x'] });
  assert.equal(t.render(), '');
});

test('capture-kind blocks keep their raw body and render as nothing', () => {
  const env = dbtEnv();
  const src = `before\n{% docs orders %}\nThe **orders** table. {{ not_rendered }}\n{% enddocs %}\n{% snapshot snap %}\n{{ config(unique_key='id') }}\nselect 1\n{% endsnapshot %}after`;
  const t = env.compile(src, 'models/docs.md');
  assert.equal(t.render(), 'before\n\nafter');
  assert.deepEqual(
    t.capturedBlocks.map((b) => [b.tag, b.name, b.body, b.line, b.bodyLine, b.filename]),
    [
      ['docs', 'orders', '\nThe **orders** table. {{ not_rendered }}\n', 2, 2, 'models/docs.md'],
      ['snapshot', 'snap', "\n{{ config(unique_key='id') }}\nselect 1\n", 5, 5, 'models/docs.md'],
    ],
  );
});

test('an unclosed custom block names the tag and line', () => {
  const env = dbtEnv();
  assert.throws(() => env.compile('\n{% docs x %}\nbody', 'x.md'), /Unexpected end of template\. Jinja was looking for the following tags: 'enddocs'\. The innermost block that needs to be closed is 'docs'\./);
});
