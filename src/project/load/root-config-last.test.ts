// End to end: the root project's dbt_project.yml configures an installed package's resources
// last, as dbt documents ("configurations in your root dbt project have higher precedence than
// configurations in installed packages"): over the package's config() calls and property files
// for its models, over its config: for its sources, exposures and semantic-layer resources.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, readArtifact, runCli, writeProjectFile } from '../../cli/test-helpers.js';

interface Manifest {
  nodes: Record<string, { config: Record<string, unknown>; unrendered_config: Record<string, unknown> }>;
  sources: Record<string, { config: Record<string, unknown> }>;
  exposures: Record<string, { config: Record<string, unknown> }>;
  disabled: Record<string, { config: Record<string, unknown> }[]>;
}

let dir = '';

before(async () => {
  dir = await newProject('harbour', [
    'models:',
    '  docks:',
    '    +materialized: table',
    '    +meta: {steward: harbour}',
    '    +post-hook: "select 2"',
    '    cranes:',
    '      +enabled: false',
    'sources:',
    '  docks:',
    '    +meta: {steward: harbour}',
    '    manifests:',
    '      +enabled: false',
    'exposures:',
    '  docks:',
    '    +meta: {steward: harbour}',
    '',
  ].join('\n'));
  writeProjectFile(dir, 'models/quay.sql', 'select 1 as id\n');
  writeProjectFile(dir, 'dbt_packages/docks/dbt_project.yml', "name: docks\nversion: '1.0'\nconfig-version: 2\nmodels:\n  docks:\n    +materialized: ephemeral\n");
  writeProjectFile(dir, 'dbt_packages/docks/models/berths.sql', "{{ config(materialized='view', meta={'steward': 'package'}, post_hook='select 1', tags=['ships']) }}\nselect 1 as berth_id\n");
  writeProjectFile(dir, 'dbt_packages/docks/models/cranes/crane.sql', "{{ config(enabled=true) }}\nselect 1 as crane_id\n");
  writeProjectFile(dir, 'dbt_packages/docks/models/props.yml', [
    'sources:',
    '  - name: manifests',
    '    schema: main',
    '    config: {enabled: true, meta: {steward: package}}',
    '    tables:',
    '      - name: cargo',
    'exposures:',
    '  - name: tides',
    '    type: dashboard',
    '    owner: {email: pilot@example.com}',
    '    config: {meta: {steward: package}}',
    "    depends_on: [ref('berths')]",
    'models:',
    '  - name: berths',
    '    config: {materialized: incremental, meta: {steward: props}}',
    '',
  ].join('\n'));
});
after(() => rm(dir, { recursive: true, force: true }));

test("the root project's dbt_project.yml wins over a package's own configs", async () => {
  const run = await runCli(['parse', '--project-dir', dir]);
  assert.equal(run.code, 0, `${run.out}\n${run.err}`);
  const m = readArtifact<Manifest>(dir, 'manifest.json');
  const berths = m.nodes['model.docks.berths']!;
  // The package's config() and property file set a view and their steward; the root project's levels come last.
  assert.equal(berths.config['materialized'], 'table');
  assert.deepEqual(berths.config['meta'], { steward: 'harbour' });
  assert.deepEqual(berths.config['tags'], ['ships']);
  // Hooks add up, in dbt's order: the package's call, then the root project's.
  assert.deepEqual((berths.config['post-hook'] as { sql: string }[]).map((h) => h.sql), ['select 1', 'select 2']);
  assert.equal(berths.unrendered_config['materialized'], 'table');
  assert.deepEqual(berths.unrendered_config['meta'], { steward: 'harbour' });
  // config(enabled=true) in the package does not keep a model the root project disables.
  assert.equal(m.nodes['model.docks.crane'], undefined);
  assert.equal(m.disabled['model.docks.crane']?.[0]?.config['enabled'], false);
  // A package's source and exposure: the root project's levels over their config:.
  assert.equal(m.sources['source.docks.manifests.cargo'], undefined);
  assert.equal(m.disabled['source.docks.manifests.cargo']?.[0]?.config['enabled'], false);
  assert.deepEqual(m.exposures['exposure.docks.tides']?.config['meta'], { steward: 'harbour' });
  // The root project's own model is configured as before.
  assert.equal(m.nodes['model.harbour.quay']?.config['materialized'], 'view');
});
