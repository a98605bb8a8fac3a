// fromyaml() is yaml.safe_load: PyYAML's numbers (a float needs a dot, `08` is text, `017` octal)
// and dates, datetimes and integral floats as Python values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRenderer } from './index.js';
import { makeNode, makeProject, RENDER_OPTIONS } from './testing/make-project.js';

function renderOne(code: string): string {
  const node = makeNode({ name: 'a', raw_code: code });
  const project = makeProject({ nodes: [node] });
  const renderer = createRenderer(project, RENDER_OPTIONS);
  const manifest = renderer.parse(project.manifest);
  return renderer.compile(manifest.nodes[node.unique_id]!, manifest);
}

test('fromyaml reads scalars as yaml.safe_load: 08 and 1e3 text, 017 octal, dates and 1.0 as Python values', () => {
  assert.equal(
    renderOne("{{ fromyaml('{a: 08, b: 1e3, c: 017, d: 2020-01-01, e: 1.0, f: 2020-1-2 3:04:05, g: 1.5e+3, h: e1}') }}"),
    "{'a': '08', 'b': '1e3', 'c': 15, 'd': datetime.date(2020, 1, 1), 'e': 1.0, 'f': datetime.datetime(2020, 1, 2, 3, 4, 5), 'g': 1500.0, 'h': 'e1'}",
  );
});
