// With --log-format json, an entry filed under another resource type's section is logged as dbt's
// WrongResourceSchemaFile (I057) with its data fields, as tools reading dbt's logs expect.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

test("a seed described under models: is dbt's WrongResourceSchemaFile in JSON logs", async () => {
  const dir = await newProject('orchard');
  try {
    writeProjectFile(dir, 'seeds/apples.csv', 'apple_id\n1\n');
    writeProjectFile(dir, 'models/props.yml', 'version: 2\nmodels:\n  - name: apples\n');
    const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir, '--log-format', 'json']);
    assert.equal(run.code, 0, run.out + run.err);
    const events = run.out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { info: { name: string; code: string; level: string }; data: Record<string, unknown> });
    const warning = events.find((e) => e.info.name === 'WrongResourceSchemaFile');
    assert.ok(warning, JSON.stringify(events.map((e) => e.info.name)));
    assert.equal(warning.info.code, 'I057');
    assert.equal(warning.info.level, 'warn');
    assert.equal(warning.data['patch_name'], 'apples');
    assert.equal(warning.data['resource_type'], 'seed');
    assert.equal(warning.data['yaml_key'], 'models');
    assert.equal(events.some((e) => e.info.name === 'NoNodeForYamlKey'), false);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
