// A macro's call_macro(...), as dbt's MacroGenerator offers it: calling the macro through it
// gives what calling it gives, with or without return(), for a package's macro reached through
// its namespace (as materialization wrappers call `dbt.materialization_x_default.call_macro()`)
// and for a macro of the project; the namespace's attribute stays the macro itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRenderer } from './index.js';
import { makeNode, makeProject, RENDER_OPTIONS } from './testing/make-project.js';

function render(code: string): string {
  const node = makeNode({ name: 'a', raw_code: code });
  const project = makeProject({
    nodes: [node],
    macros: { 'local.sql': '{% macro shout(x) %}{{ x | upper }}!{% endmacro %}' },
    packageMacros: { recorder: { 'wrap.sql': "{% macro wrapped(kind, n=1) %}{{ return(kind ~ '-' ~ n) }}{% endmacro %}" } },
  });
  const renderer = createRenderer(project, RENDER_OPTIONS);
  const manifest = renderer.parse(project.manifest);
  return renderer.compile(manifest.nodes[node.unique_id]!, manifest);
}

test('call_macro() on a package macro and a project macro returns what calling the macro returns', () => {
  assert.equal(render("{{ recorder.wrapped.call_macro('table') }} {{ recorder.wrapped.call_macro('view', n=2) }} {{ shout.call_macro('hi') }}"), 'table-1 view-2 HI!');
  assert.equal(render("{% set original = recorder.get('wrapped', none) %}{{ original.call_macro('seed') }} {{ recorder.get('missing', recorder.wrapped).call_macro('x') }}"), 'seed-1 x-1');
});
