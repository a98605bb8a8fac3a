// An error leaving a template's own (top-level) macros lists them, innermost first, whichever way the
// template is compiled: the report of a dbt project names the chain of macro calls from it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Environment, TemplateError } from './index.js';

const SOURCE = `{% macro inner(x) %}
  {{ x.nope() }}
{% endmacro %}
{% macro outer(x) %}{{ inner(x) }}{% endmacro %}
{% macro nesting(x) %}{% macro local(y) %}{{ y + 'a' }}{% endmacro %}{{ local(x) }}{% endmacro %}
{% macro wrap() %}[{{ caller() }}]{% endmacro %}
{% macro calling(x) %}{% call wrap() %}{{ inner(x) }}{% endcall %}{% endmacro %}
{% macro too_many() %}
{{ inner(1, 2) }}
{% endmacro %}`;

function failure(mode: 'closures' | 'js', call: string): TemplateError {
  const env = new Environment({ compileMode: mode });
  const t = env.compile(`${SOURCE}\n{{ ${call} }}`, 'macros/m.sql');
  try {
    t.render({});
  } catch (error) {
    assert.ok(error instanceof TemplateError, String(error));
    return error;
  }
  assert.fail(`${call} rendered`);
}

const names = (e: TemplateError): string[] => (e.diagnostic.macroStack ?? []).map((f) => `${f.name}@${f.file}`);

for (const mode of ['closures', 'js'] as const) {
  test(`an error raised two macros deep lists both, innermost first (${mode})`, () => {
    const e = failure(mode, 'outer(1)');
    assert.equal(e.diagnostic.message, "'int object' has no attribute 'nope'");
    assert.deepEqual(names(e), ['inner@macros/m.sql', 'outer@macros/m.sql']);
    assert.equal(e.diagnostic.location?.line, 2);
  });

  test(`macros defined inside a macro, and call blocks, are not listed (${mode})`, () => {
    assert.deepEqual(names(failure(mode, 'nesting(1)')), ['nesting@macros/m.sql']);
    assert.deepEqual(names(failure(mode, 'calling(1)')), ['inner@macros/m.sql', 'wrap@macros/m.sql', 'calling@macros/m.sql']);
  });

  test(`a call with too many arguments lists the macro called, located at the call (${mode})`, () => {
    const e = failure(mode, 'too_many()');
    assert.match(e.diagnostic.message, /macro 'dbt_macro__inner' takes not more than 1 argument/);
    assert.deepEqual(names(e), ['inner@macros/m.sql', 'too_many@macros/m.sql']);
    assert.equal(e.diagnostic.location?.line, 9);
  });
}

test('an error raised outside every macro lists none', () => {
  const env = new Environment();
  assert.throws(() => env.compile('{{ x.y() }}', 'models/m.sql').render({ x: 1 }), (e: unknown) => e instanceof TemplateError && e.diagnostic.macroStack === undefined);
});
