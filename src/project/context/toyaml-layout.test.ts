// toyaml writes YAML as dbt's toyaml does (PyYAML's safe_dump): a list under a key starts at the
// key's column, and strings that need quoting take single quotes. Packages compare this text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRenderer } from './index.js';
import { makeNode, makeProject, RENDER_OPTIONS } from './testing/make-project.js';

function render(code: string): string {
  const node = makeNode({ name: 'shelf', raw_code: code });
  const project = makeProject({ nodes: [node] });
  const renderer = createRenderer(project, RENDER_OPTIONS);
  const manifest = renderer.parse(project.manifest);
  return renderer.compile(manifest.nodes[node.unique_id]!, manifest);
}

test('toyaml lays out nested lists and quoted strings as yaml.safe_dump does', () => {
  const out = render(
    "{{ toyaml({'jars': [{'name': 'honey', 'labels': ['sweet', {'batch': {'ids': [7, 9]}}]}], 'empty': [], 'note': 'lid: tight', 'flag': 'yes', 'code': '042'}) }}",
  );
  assert.equal(
    out,
    [
      'jars:',
      '- name: honey',
      '  labels:',
      '  - sweet',
      '  - batch:',
      '      ids:',
      '      - 7',
      '      - 9',
      'empty: []',
      "note: 'lid: tight'",
      "flag: 'yes'",
      "code: '042'",
      '',
    ].join('\n'),
  );
});
