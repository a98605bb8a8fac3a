// End to end: manifest.json gives every model the primary key dbt infers from its
// constraints and its attached generic tests.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

describe('the primary_key of models in manifest.json', () => {
  let dir = '';
  before(async () => {
    dir = await newProject('keys');
    for (const name of ['orders', 'lines', 'events', 'plain', 'keyed', 'only_unique']) {
      writeProjectFile(dir, `models/${name}.sql`, 'select 1 as id, 2 as line_no, 3 as event_id');
    }
    writeProjectFile(dir, 'macros/unique_combination_of_columns.sql', `{% test unique_combination_of_columns(model, combination_of_columns) %}
select {{ combination_of_columns | join(', ') }} from {{ model }} group by {{ combination_of_columns | join(', ') }} having count(*) > 1
{% endtest %}`);
    writeProjectFile(dir, 'models/schema.yml', `version: 2
models:
  - name: orders
    columns:
      - name: id
        data_tests: [unique, not_null]
      - name: event_id
        data_tests: [unique]
      - name: line_no
        data_tests: [not_null]
  - name: lines
    data_tests:
      - unique_combination_of_columns:
          arguments:
            combination_of_columns: [line_no, id]
  - name: events
    columns:
      - name: event_id
        data_tests:
          - unique:
              config:
                enabled: false
  - name: keyed
    config:
      contract: {enforced: true}
    constraints:
      - type: primary_key
        columns: [line_no, id]
    columns:
      - name: id
        data_type: integer
        data_tests: [unique, not_null]
      - name: line_no
        data_type: integer
      - name: event_id
        data_type: integer
  - name: only_unique
    columns:
      - name: line_no
        data_tests: [unique]
      - name: event_id
        data_tests: [unique]
`);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('is inferred, sorted, from constraints first and then unique and not_null tests', async () => {
    const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir, '-q']);
    assert.equal(run.code, 0, run.err);
    const nodes = readArtifact<{ nodes: Record<string, { primary_key?: string[] }> }>(dir, 'manifest.json').nodes;
    const key = (name: string): string[] | undefined => nodes[`model.keys.${name}`]?.primary_key;
    // unique and not_null on the same column win over a column that is only unique
    assert.deepEqual(key('orders'), ['id']);
    assert.deepEqual(key('lines'), ['id', 'line_no']);
    // a disabled uniqueness test still names the key when nothing else does
    assert.deepEqual(key('events'), ['event_id']);
    assert.deepEqual(key('plain'), []);
    // a primary_key constraint wins over the tests
    assert.deepEqual(key('keyed'), ['id', 'line_no']);
    assert.deepEqual(key('only_unique'), ['event_id', 'line_no']);
  });
});
