// End to end: each render gets its own copy of the node as `model` (dbt's to_dict), so a
// template that pops or updates model.columns / model.config leaves the manifest and later
// renders as they were; column data types read there go through Column.translate_type.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, queryDb, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

test('a template that changes model.columns or model.config changes neither the manifest nor the next render', async () => {
  const dir = await newProject('kennel');
  try {
    writeProjectFile(
      dir,
      'models/dogs.yml',
      `version: 2
models:
  - name: dogs
    columns:
      - name: dog_id
        data_type: string
      - name: flags
        config:
          meta:
            rules:
              heavy: weight_kg > 40
              __extra__: [old]
`,
    );
    writeProjectFile(
      dir,
      'models/dogs.sql',
      `{{ config(materialized='table') }}
{%- set rules = model.columns['flags'].config.meta.rules %}
{%- set extra = rules.pop('__extra__', ['gone']) %}
{%- do rules.update({'added': 'true'}) %}
{%- do model.config.update({'materialized': 'view'}) %}
select
  '{{ extra | join(",") }}' as extra,
  '{{ rules.keys() | sort | join(",") }}' as rule_names,
  '{{ model.columns["dog_id"].data_type }}' as dog_id_type
`,
    );
    const run = await runCli(['build', '--project-dir', dir]);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    // Parsing rendered the model once before it was compiled: the compiled render still saw the YAML's rules.
    const [rows] = await queryDb(join(dir, 'kennel.duckdb'), 'select extra, rule_names, dog_id_type from main.dogs');
    assert.deepEqual(rows, [['old', 'added,heavy', 'TEXT']]);
    const manifest = readArtifact<{ nodes: Record<string, { config: Record<string, unknown>; columns: Record<string, Record<string, unknown>> }> }>(dir, 'manifest.json');
    const node = manifest.nodes['model.kennel.dogs']!;
    assert.deepEqual(node.columns['flags']!['config'], { meta: { rules: { heavy: 'weight_kg > 40', __extra__: ['old'] } }, tags: [] });
    assert.deepEqual(node.columns['flags']!['meta'], { rules: { heavy: 'weight_kg > 40', __extra__: ['old'] } });
    assert.equal(node.columns['dog_id']!['data_type'], 'string');
    assert.equal(node.config['materialized'], 'table');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
