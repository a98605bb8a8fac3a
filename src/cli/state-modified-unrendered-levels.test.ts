// End to end: unrendered_config is built as dbt builds it, each config level's keys replacing the
// last's whole (dbt_project.yml folder levels, then the properties file's config:, then config()
// calls), while the node's config still merges tags and meta. state:modified compares those
// written configs, so a folder's own +meta hides a change to its parent folder's +meta.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { listLines, newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

const projectYaml = (owner: string): string => [
  'models:',
  '  depot:',
  '    +tags: [nightly]',
  `    +meta: {owner: ${owner}, tier: 1}`,
  '    inbound:',
  '      +tags: [hourly]',
  '      +meta: {feed: dock}',
  '    outbound:',
  '      +tags: weekly',
  '      +post-hook: "select 1"',
  '      +pre_hook: ["select 2"]',
  '',
].join('\n');

let dir = '';

before(async () => {
  dir = await newProject('depot', projectYaml('ana'));
  writeProjectFile(dir, 'models/stock.sql', 'select 1 as id\n');
  writeProjectFile(dir, 'models/inbound/arrivals.sql', 'select 1 as id\n');
  writeProjectFile(dir, 'models/inbound/pallets.sql', "{{ config(meta={'size': 'eu'}, tags=['bulk']) }}\nselect 1 as id\n");
  writeProjectFile(dir, 'models/inbound/crates.sql', 'select 1 as id\n');
  writeProjectFile(dir, 'models/outbound/loads.sql', 'select 1 as id\n');
  writeProjectFile(dir, 'models/inbound/props.yml', [
    'version: 2',
    'models:',
    '  - name: crates',
    '    docs: {show: false}',
    '    config: {meta: {fragile: true}, tags: [small]}',
    '',
  ].join('\n'));
  const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, `${run.out}\n${run.err}`);
  cpSync(join(dir, 'target'), join(dir, 'base-state'), { recursive: true });
});
after(() => rm(dir, { recursive: true, force: true }));

test('unrendered_config takes each level whole; config merges them', () => {
  type Node = { config: { tags: string[]; meta: Record<string, unknown> }; unrendered_config: Record<string, unknown> };
  const nodes = readArtifact<{ nodes: Record<string, Node> }>(dir, 'manifest.json').nodes;
  const get = (name: string): Node => nodes[`model.depot.${name}`]!;
  assert.deepEqual(get('stock').unrendered_config, { tags: ['nightly'], meta: { owner: 'ana', tier: 1 } });
  assert.deepEqual(get('arrivals').unrendered_config, { tags: ['hourly'], meta: { feed: 'dock' } });
  assert.deepEqual(get('arrivals').config.tags, ['nightly', 'hourly']);
  assert.deepEqual(get('arrivals').config.meta, { owner: 'ana', tier: 1, feed: 'dock' });
  assert.deepEqual(get('pallets').unrendered_config, { tags: ['bulk'], meta: { size: 'eu' } });
  assert.deepEqual(get('pallets').config.meta, { owner: 'ana', tier: 1, feed: 'dock', size: 'eu' });
  // The properties file's config: (with the top-level docs dbt moves into it) replaces keys whole too.
  assert.deepEqual(get('crates').unrendered_config, { tags: ['small'], meta: { fragile: true }, docs: { show: false } });
  assert.deepEqual(get('crates').config.tags, ['nightly', 'hourly', 'small']);
});

test('unrendered_config keeps the values and key names as written: a tags string, hook SQL, pre_hook', () => {
  const loads = readArtifact<{ nodes: Record<string, { config: Record<string, unknown>; unrendered_config: Record<string, unknown> }> }>(dir, 'manifest.json').nodes['model.depot.loads']!;
  assert.deepEqual(loads.unrendered_config, { tags: 'weekly', meta: { owner: 'ana', tier: 1 }, 'post-hook': 'select 1', pre_hook: ['select 2'] });
  assert.deepEqual(loads.config.tags, ['nightly', 'weekly']);
  assert.deepEqual((loads.config['pre-hook'] as { sql: string }[]).map((h) => h.sql), ['select 2']);
});

test("a parent folder's +meta change modifies only the models whose unrendered_config holds it", async () => {
  writeProjectFile(dir, 'dbt_project.yml', `name: depot\nversion: '1.0.0'\nprofile: depot\n${projectYaml('bo')}`);
  const modified = await listLines(dir, '-s', 'state:modified', '--state', join(dir, 'base-state'));
  assert.deepEqual(modified.sort(), ['depot.outbound.loads', 'depot.stock']);
});
