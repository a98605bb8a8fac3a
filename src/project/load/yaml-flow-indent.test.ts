import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseYaml } from './yaml-file.js';
import { indentFlowContinuations } from './yaml-flow-indent.js';

// PyYAML (and so dbt) reads a flow mapping whose closing brace sits under its list item's dash.

const OUTDENTED_CLOSE = [
  'models:',
  '  - name: shows',
  '    columns:',
  '      - name: genre',
  '        data_tests:',
  '          - accepted_values: {',
  "              values: ['drama', 'comedy'],",
  '              tags: genre_check  # a comment with a } in it',
  '          }',
  '      - name: runtime_minutes',
  '        description: "text with { and [ inside"',
  '        data_tests: [not_null,',
  '        unique]',
  '',
].join('\n');

describe('flow collections indented left of their block', () => {
  it('read as PyYAML reads them, with line numbers kept', () => {
    const { value, lines } = parseYaml(OUTDENTED_CLOSE, 'shows.yml');
    const cols = (value as { models: { columns: Record<string, unknown>[] }[] }).models[0]!.columns;
    assert.deepEqual(cols[0], {
      name: 'genre',
      data_tests: [{ accepted_values: { values: ['drama', 'comedy'], tags: 'genre_check' } }],
    });
    assert.deepEqual(cols[1], {
      name: 'runtime_minutes',
      description: 'text with { and [ inside',
      data_tests: ['not_null', 'unique'],
    });
    assert.equal(lines.lineOf(cols[1]), 10);
  });

  it('leaves block scalars and plain text with brackets alone', () => {
    const text = ['a: |', '  { not flow', 'b: x [y', 'c: {', 'k: 1}', ''].join('\n');
    assert.equal(indentFlowContinuations(text), ['a: |', '  { not flow', 'b: x [y', 'c: {', ' k: 1}', ''].join('\n'));
  });

  it('still reports a flow collection that is never closed', () => {
    assert.throws(() => parseYaml('a:\n  - b: {\n      x: 1\n  - c\n', 'broken.yml'), /Invalid YAML/);
  });
});
