// End to end: a column's own keys in a property file (beyond dbt's name, description, meta...)
// and its `config:` stay readable from `model.columns`, as dbt's ColumnInfo keeps them; packages
// keep per-column rule sets there and turn them into SQL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, queryDb, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

test("a column's extra keys and its config.meta reach model.columns in Jinja and manifest.json", async () => {
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
      - name: flags
        checks:
          heavy: weight_kg > 40
          old: age > 12
      - name: notes
        config:
          meta:
            checks:
              puppy: age < 1
`,
    );
    writeProjectFile(
      dir,
      'models/dogs.sql',
      `{{ config(materialized='table') }}
with d as (select 1 as dog_id, 50 as weight_kg, 3 as age union all select 2, 8, 0)
select
  dog_id,
  {%- set checks = model.columns['flags'].checks if 'checks' in model.columns['flags'] else {} %}
  [{% for name, expr in checks.items() | sort %}case when {{ expr }} then '{{ name }}' end{{ ', ' if not loop.last }}{% endfor %}] as flags,
  {%- set notes = model.columns['notes'].get('config', {}).get('meta', {}).get('checks', {}) %}
  [{% for name, expr in notes.items() %}case when {{ expr }} then '{{ name }}' end{% endfor %}] as notes
from d
`,
    );
    const run = await runCli(['build', '--project-dir', dir]);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const [rows] = await queryDb(
      join(dir, 'kennel.duckdb'),
      "select dog_id, array_to_string(list_filter(flags, x -> x is not null), ','), array_to_string(list_filter(notes, x -> x is not null), ',') from main.dogs order by dog_id",
    );
    assert.deepEqual(rows, [
      [1, 'heavy', ''],
      [2, '', 'puppy'],
    ]);
    // As dbt writes ColumnInfo: its additional keys beside its own, and the column's config.
    const manifest = readArtifact<{ nodes: Record<string, { columns: Record<string, Record<string, unknown>> }> }>(dir, 'manifest.json');
    const columns = manifest.nodes['model.kennel.dogs']!.columns;
    assert.deepEqual(columns['flags']!['checks'], { heavy: 'weight_kg > 40', old: 'age > 12' });
    assert.deepEqual(columns['notes']!['config'], { meta: { checks: { puppy: 'age < 1' } }, tags: [] });
    assert.equal(columns['dog_id']!['checks'], undefined);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
