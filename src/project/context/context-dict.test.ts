import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRenderer } from './index.js';
import { makeNode, makeProject, RENDER_OPTIONS } from './testing/make-project.js';

function renderOne(code: string, macros: Record<string, string> = {}): string {
  const node = makeNode({ name: 'a', raw_code: code });
  const project = makeProject({ macros, nodes: [node] });
  const renderer = createRenderer(project, RENDER_OPTIONS);
  const manifest = renderer.parse(project.manifest);
  return renderer.compile(manifest.nodes[node.unique_id]!, manifest);
}

test('context is a dict: get with a default, update, in, keys and items reach members and written keys', () => {
  assert.equal(renderOne("{{ context.get('nope', 'dflt') }} {{ context.get('nope') is none }} {{ context.get('project_name') }} {{ 'ref' in context }} {{ 'nope' in context }}"), 'dflt True shop True False');
  assert.equal(renderOne("{% do context.update({'k': 1}) %}{% do context.update(j=2) %}{{ context.get('k') }} {{ context['j'] }} {{ 'k' in context.keys() }} {{ context.setdefault('k', 9) }} {{ context.pop('j') }} {{ 'j' in context }}"), '1 2 True 1 2 False');
});

test('state a macro keeps in context with get and update is seen by later macro calls in the same render', () => {
  const macros = {
    'cache.sql': [
      "{% macro remember(k, v) %}{% set c = context.get('__cache__', {}) %}{% do c.update({k: v}) %}{% do context.update({'__cache__': c}) %}{% endmacro %}",
      "{% macro recall(k) %}{{ return(context.get('__cache__', {}).get(k, 'missing')) }}{% endmacro %}",
    ].join('\n'),
  };
  assert.equal(renderOne("{{ recall('a') }} {% do remember('a', 42) %}{{ recall('a') }}", macros), 'missing 42');
});

test('context is a mapping to Jinja, as dbt\'s context dict is', () => {
  assert.equal(renderOne('{{ context is mapping }} {{ context is iterable }}'), 'True True');
});

test('a macro replaced through context.update is the one later macro calls reach, until it is put back', () => {
  const macros = {
    'math.sql': [
      '{% macro add_one(x) %}{{ return(x + 1) }}{% endmacro %}',
      '{% macro twice_add_one(x) %}{{ return(add_one(x) * 2) }}{% endmacro %}',
      '{% macro forty_one(x) %}{{ return(41) }}{% endmacro %}',
    ].join('\n'),
  };
  const code =
    "{{ twice_add_one(1) }} {% set original = context['add_one'] %}{% do context.update({'add_one': forty_one}) %}{{ twice_add_one(1) }} " +
    "{% do context.update(add_one=original) %}{{ twice_add_one(1) }} {{ context.setdefault('add_one', 0) is not none }}";
  assert.equal(renderOne(code, macros), '4 82 4 True');
});
