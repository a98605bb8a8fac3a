// End to end: a generic test takes the group of the node it tests, as dbt's parser gives it once
// it finds the test's attached node; the test's config keeps no group, so `group:` selects the
// test only through its model (indirect selection), as dbt's selector reads config.group.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { listLines, newProject, readArtifact, writeProjectFile } from './test-helpers.js';

type Node = { group: string | null; config: { group: string | null } };

test('generic tests carry their model’s group in manifest.json and ls, and group: picks them only with the model', async () => {
  const dir = await newProject('bakery');
  try {
    writeProjectFile(dir, 'models/loaves.sql', 'select 1 as loaf_id\n');
    // Group set by the SQL file's config() call, not by YAML.
    writeProjectFile(dir, 'models/ovens.sql', "{{ config(group='kitchen') }}\nselect 1 as oven_id\n");
    writeProjectFile(dir, 'models/tills.sql', 'select 1 as till_id\n');
    writeProjectFile(dir, 'tests/no_negative_loaves.sql', "select loaf_id from {{ ref('loaves') }} where loaf_id < 0\n");
    writeProjectFile(dir, 'models/props.yml', [
      'groups:',
      '  - name: kitchen',
      '    owner: {name: Ada}',
      'models:',
      '  - name: loaves',
      '    config:',
      '      group: kitchen',
      '    columns:',
      '      - name: loaf_id',
      '        data_tests: [unique]',
      '  - name: ovens',
      '    columns:',
      '      - name: oven_id',
      '        data_tests: [not_null]',
      '  - name: tills',
      '    columns:',
      '      - name: till_id',
      '        data_tests: [not_null]',
      '',
    ].join('\n'));

    const listed = await listLines(dir, '--resource-type', 'test', '--output', 'json', '--output-keys', 'name,group');
    assert.deepEqual(listed, [
      '{"name": "no_negative_loaves", "group": null}',
      '{"name": "not_null_ovens_oven_id", "group": "kitchen"}',
      '{"name": "not_null_tills_till_id", "group": null}',
      '{"name": "unique_loaves_loaf_id", "group": "kitchen"}',
    ]);

    const nodes = readArtifact<{ nodes: Record<string, Node> }>(dir, 'manifest.json').nodes;
    const byName = (prefix: string) => Object.entries(nodes).find(([id]) => id.startsWith(prefix))![1];
    assert.equal(byName('test.bakery.unique_loaves_loaf_id.').group, 'kitchen');
    assert.equal(byName('test.bakery.unique_loaves_loaf_id.').config.group, null);
    assert.equal(byName('test.bakery.not_null_ovens_oven_id.').group, 'kitchen');
    assert.equal(byName('test.bakery.not_null_tills_till_id.').group, null);
    assert.equal(byName('test.bakery.no_negative_loaves').group, null);

    // The group selects models; their tests come along by indirect selection only.
    assert.deepEqual(await listLines(dir, '-s', 'group:kitchen', '--indirect-selection', 'empty'), ['bakery.loaves', 'bakery.ovens']);
    assert.deepEqual(await listLines(dir, '-s', 'group:kitchen'), [
      'bakery.loaves',
      'bakery.ovens',
      'bakery.no_negative_loaves',
      'bakery.not_null_ovens_oven_id',
      'bakery.unique_loaves_loaf_id',
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
