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

test("an unclosed if is Jinja2's 'Unexpected end of template', with the line it opened on in the hint", () => {
  const e = errorOf(() => env.compile('a\nb\n{% if x %}\nyes\n', 'models/m.sql'));
  assert.equal(e.pyType, 'TemplateSyntaxError');
  assert.equal(e.diagnostic.code, 'jinja-syntax');
  assert.equal(e.diagnostic.message, "Unexpected end of template. Jinja was looking for the following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'.");
  assert.equal(e.diagnostic.hint, "Close the 'if' opened on line 3 with {% endif %}.");
  assert.equal(e.diagnostic.location?.file, 'models/m.sql');
});

test('syntax errors carry line, column and the source line', () => {
  const e = errorOf(() => env.compile('select\n  {{ a + }}\n', 'models/m.sql'));
  assert.deepEqual(e.diagnostic.location, { file: 'models/m.sql', line: 2, column: 10 });
  assert.equal(e.diagnostic.excerpt, '  {{ a + }}');
});

test("a mismatched end tag says what was open in Jinja2's words, and a nesting mistake as such", () => {
  const e = errorOf(() => env.compile('{% for x in y %}\n{% endif %}', 't.sql'));
  assert.equal(e.diagnostic.message, "Encountered unknown tag 'endif'. Jinja was looking for the following tags: 'endfor' or 'else'. The innermost block that needs to be closed is 'for'.");
  assert.equal(e.diagnostic.hint, "Close the 'for' opened on line 1 with {% endfor %}.");
  assert.equal(e.diagnostic.location?.line, 2);
  const nested = errorOf(() => env.compile('{% for x in y %}\n{% if x %}\n{% endfor %}', 't.sql'));
  assert.equal(nested.diagnostic.message, "Encountered unknown tag 'endfor'. You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'.");
  assert.equal(nested.diagnostic.hint, "Close the 'if' opened on line 2 with {% endif %}.");
});

test('render errors are located in the template and file where they happen', () => {
  const templates: Record<string, string> = { 'inc.sql': 'ok\n{{ 1 // 0 }}' };
  const e2 = new Environment({ loader: (n) => (templates[n] ? { source: templates[n]!, filename: n } : undefined) });
  const e = errorOf(() => e2.renderString('x\n{% include "inc.sql" %}', {}, 'main.sql'));
  assert.equal(e.pyType, 'ZeroDivisionError');
  assert.deepEqual(e.diagnostic.location, { file: 'inc.sql', line: 2 });
});

test('calling a name nothing defines suggests the closest name in scope, and the closest attribute of the object it was read from', () => {
  const e = errorOf(() => env.renderString("{{ is_incrmental() }}", { is_incremental: () => false }, 'm.sql'));
  assert.equal(e.diagnostic.message, "'is_incrmental' is undefined");
  assert.match(e.diagnostic.hint ?? '', /^Did you mean 'is_incremental'\? This can happen when calling a macro that does not exist/u);
  const attr = errorOf(() => env.renderString("{{ pkg.star_colums() }}", { pkg: { star_columns: () => '' } }, 'm.sql'));
  assert.match(attr.diagnostic.hint ?? '', /^Did you mean 'star_columns'\?/u);
  const far = errorOf(() => env.renderString("{{ zzz() }}", {}, 'm.sql'));
  assert.match(far.diagnostic.hint ?? '', /^This can happen when calling a macro that does not exist/u);
});

test('a keyword argument a macro does not take names its signature and the closest parameter', () => {
  const e = errorOf(() => env.renderString('{% macro kilos(col, places) %}{% endmacro %}{{ kilos(col=1, place=2) }}', {}, 'm.sql'));
  assert.equal(e.diagnostic.message, "macro 'dbt_macro__kilos' takes no keyword argument 'place'");
  assert.equal(e.diagnostic.hint, "Did you mean 'places'? It is defined as kilos(col, places).");
});
