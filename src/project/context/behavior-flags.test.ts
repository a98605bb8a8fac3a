import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRenderer } from './index.js';
import { makeNode, makeProject, RENDER_OPTIONS } from './testing/make-project.js';

function render(code: string, flags?: Record<string, unknown>): string {
  const node = makeNode({ name: 'orders', raw_code: code });
  const project = makeProject({ nodes: [node] });
  if (flags) project.project.flags = flags;
  const renderer = createRenderer(project, RENDER_OPTIONS);
  const manifest = renderer.parse(project.manifest);
  return renderer.compile(manifest.nodes[node.unique_id]!, manifest);
}

const NULL_SAFE = '{% if adapter.behavior.enable_truthy_nulls_equals_macro.no_warn %}a is not distinct from b{% else %}a = b{% endif %}';

test('adapter.behavior flags default off and follow the project flags: block', () => {
  assert.equal(render(NULL_SAFE), 'a = b');
  assert.equal(render(NULL_SAFE, { enable_truthy_nulls_equals_macro: true }), 'a is not distinct from b');
  // the flag itself is truthy or falsy, and prints as Python's bool
  assert.equal(render('{{ "on" if adapter.behavior.enable_truthy_nulls_equals_macro else "off" }}', { enable_truthy_nulls_equals_macro: true }), 'on');
  assert.equal(render('{{ adapter.behavior.require_batched_execution_for_custom_microbatch_strategy.setting }}'), 'False');
});

test("dbt.equals is plain '=' by default and null-safe under enable_truthy_nulls_equals_macro", () => {
  // dbt's text, with the line break its macro ends on
  assert.equal(render("{{ dbt.equals('a.k', 'b.k') }}"), '(a.k = b.k)\n');
  assert.equal(
    render("{{ dbt.equals('a.k', 'b.k') }}", { enable_truthy_nulls_equals_macro: true }),
    '\n    case when ((a.k = b.k) or (a.k is null and b.k is null))\n        then 0\n        else 1\n    end = 0\n',
  );
});
