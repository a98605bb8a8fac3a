// End to end: an exposure's and a unit test's config, and an owner of an exposure or a group, are
// written with their keys in the order of dbt's classes (ExposureConfig: enabled, tags, meta;
// UnitTestConfig: tags, meta, enabled; Owner: email, name, then any other key as written), in
// manifest.json and in `ls --output json`, whatever order the YAML gave them in. An owner's extra
// keys (slack:) are kept, as dbt's Owner allows them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';

before(async () => {
  dir = await newProject('keyorder');
  writeProjectFile(dir, 'models/orders.sql', 'select 1 as order_id, 2.5 as amount\n');
  writeProjectFile(dir, 'models/props.yml', `version: 2
groups:
  - name: finance
    owner:
      name: Finance team
      email: finance@example.com
      slack: "#finance"
exposures:
  - name: revenue_board
    type: dashboard
    owner:
      name: Ana
      email: ana@example.com
      slack: "@ana"
    config:
      meta: {tier: 1}
      tags: [board]
    depends_on:
      - ref('orders')
unit_tests:
  - name: amount_kept
    model: orders
    config:
      enabled: true
      meta: {owner: qa}
      tags: [unit]
    given: []
    expect:
      rows:
        - {order_id: 1}
`);
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test("manifest.json writes exposure and unit test configs and owners in the order of dbt's classes", async () => {
  const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, `${run.out}\n${run.err}`);
  const manifest = readArtifact<Record<string, Record<string, Record<string, Record<string, unknown>>>>>(dir, 'manifest.json');
  const exposure = manifest['exposures']!['exposure.keyorder.revenue_board']!;
  assert.deepEqual(Object.keys(exposure['config'] as object), ['enabled', 'tags', 'meta']);
  assert.deepEqual(exposure['owner'], { email: 'ana@example.com', name: 'Ana', slack: '@ana' });
  assert.deepEqual(Object.keys(exposure['owner'] as object), ['email', 'name', 'slack']);
  const group = manifest['groups']!['group.keyorder.finance']!;
  assert.deepEqual(Object.keys(group['owner'] as object), ['email', 'name', 'slack']);
  const unitTest = manifest['unit_tests']!['unit_test.keyorder.orders.amount_kept']!;
  assert.deepEqual(Object.keys(unitTest['config'] as object), ['tags', 'meta', 'enabled']);
});

test('ls --output json prints the same config key order', async () => {
  const run = await runCli(['ls', '--project-dir', dir, '--profiles-dir', dir, '-q', '--resource-type', 'exposure', 'unit_test', '--output', 'json']);
  assert.equal(run.code, 0, `${run.out}\n${run.err}`);
  assert.match(run.out, /"config": \{"enabled": true, "tags": \["board"\], "meta": \{"tier": 1\}\}/u);
  assert.match(run.out, /"config": \{"tags": \["unit"\], "meta": \{"owner": "qa"\}, "enabled": true\}/u);
});

test("ls --output json keeps a unit test's default keys in dbt's order: depends_on before config, no top-level tags", async () => {
  const run = await runCli(['ls', '--project-dir', dir, '--profiles-dir', dir, '-q', '--resource-type', 'unit_test', '--output', 'json']);
  assert.equal(run.code, 0, `${run.out}\n${run.err}`);
  assert.deepEqual(Object.keys(JSON.parse(run.out.trim()) as object), ['name', 'resource_type', 'package_name', 'original_file_path', 'unique_id', 'depends_on', 'config']);
});
