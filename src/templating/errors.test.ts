import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Environment, TemplateError } from './index.js';

function errorOf(fn: () => unknown): TemplateError {
  try {
    fn();
  } catch (e) {
    if (e instanceof TemplateError) return e;
    throw e;
  }
  assert.fail('expected a TemplateError');
}

const env = new Environment();

test('an unclosed if names the expected end tag and the line it opened on', () => {
  const e = errorOf(() => env.compile('a\nb\n{% if x %}\nyes\n', 'models/m.sql'));
  assert.equal(e.pyType, 'TemplateSyntaxError');
  assert.equal(e.diagnostic.code, 'jinja-syntax');
  assert.match(e.diagnostic.message, /expected 'elif' or 'else' or 'endif' to close the 'if' on line 3, found end of template/);
  assert.equal(e.diagnostic.location?.file, 'models/m.sql');
});

test('syntax errors carry line, column and the source line', () => {
  const e = errorOf(() => env.compile('select\n  {{ a + }}\n', 'models/m.sql'));
  assert.deepEqual(e.diagnostic.location, { file: 'models/m.sql', line: 2, column: 10 });
  assert.equal(e.diagnostic.excerpt, '  {{ a + }}');
});

test('a mismatched end tag says what was open', () => {
  const e = errorOf(() => env.compile('{% for x in y %}\n{% endif %}', 't.sql'));
  assert.match(e.diagnostic.message, /unexpected 'endif', expected 'endfor' or 'else' to close the 'for' on line 1/);
  assert.equal(e.diagnostic.location?.line, 2);
});

test('render errors are located in the template and file where they happen', () => {
  const templates: Record<string, string> = { 'inc.sql': 'ok\n{{ 1 // 0 }}' };
  const e2 = new Environment({ loader: (n) => (templates[n] ? { source: templates[n]!, filename: n } : undefined) });
  const e = errorOf(() => e2.renderString('x\n{% include "inc.sql" %}', {}, 'main.sql'));
  assert.equal(e.pyType, 'ZeroDivisionError');
  assert.deepEqual(e.diagnostic.location, { file: 'inc.sql', line: 2 });
});
