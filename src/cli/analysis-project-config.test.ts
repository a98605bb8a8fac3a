// End to end: dbt 1.10 looks an analysis's dbt_project.yml configs up under `models:` (its fqn
// starts project/analysis/...), for its config and its unrendered_config alike, and ignores an
// `analyses:` tree; state:modified therefore follows `models:` edits for analyses. The dbt 1.12
// flag require_corrected_analysis_fqns routes them to `analyses:` instead.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { listLines, newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

const projectYaml = (owner: string, flags = ''): string => [
  flags,
  'models:',
  '  atlas:',
  `    +meta: {owner: ${owner}}`,
  'analyses:',
  '  atlas:',
  '    +meta: {reviewed: true}',
  '',
].join('\n');

type Node = { fqn: string[]; config: { meta: Record<string, unknown> }; unrendered_config: Record<string, unknown> };

let dir = '';

before(async () => {
  dir = await newProject('atlas', projectYaml('ana'));
  writeProjectFile(dir, 'models/routes.sql', 'select 1 as id\n');
  writeProjectFile(dir, 'analyses/route_audit.sql', "select * from {{ ref('routes') }}\n");
  const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, `${run.out}\n${run.err}`);
  cpSync(join(dir, 'target'), join(dir, 'base-state'), { recursive: true });
});
after(() => rm(dir, { recursive: true, force: true }));

test("an analysis takes the models: tree's configs, not the analyses: tree's", () => {
  const audit = readArtifact<{ nodes: Record<string, Node> }>(dir, 'manifest.json').nodes['analysis.atlas.route_audit']!;
  assert.deepEqual(audit.fqn, ['atlas', 'analysis', 'route_audit']);
  assert.deepEqual(audit.config.meta, { owner: 'ana' });
  assert.deepEqual(audit.unrendered_config, { meta: { owner: 'ana' } });
});

test('a models: edit modifies the analysis too; an analyses: edit modifies nothing', async () => {
  writeProjectFile(dir, 'dbt_project.yml', `name: atlas\nversion: '1.0.0'\nprofile: atlas\n${projectYaml('bo')}`);
  const modified = (): Promise<string[]> => listLines(dir, '-s', 'state:modified', '--state', join(dir, 'base-state'), '--resource-type', 'analysis', '--resource-type', 'model');
  assert.deepEqual(await modified(), ['atlas.analysis.route_audit', 'atlas.routes']);
  writeProjectFile(dir, 'dbt_project.yml', `name: atlas\nversion: '1.0.0'\nprofile: atlas\n${projectYaml('ana').replace('reviewed: true', 'reviewed: false')}`);
  assert.deepEqual(await modified(), []);
});

test('with require_corrected_analysis_fqns the analyses: tree configures analyses', async () => {
  writeProjectFile(dir, 'dbt_project.yml', `name: atlas\nversion: '1.0.0'\nprofile: atlas\n${projectYaml('ana', 'flags:\n  require_corrected_analysis_fqns: true')}`);
  const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, `${run.out}\n${run.err}`);
  const audit = readArtifact<{ nodes: Record<string, Node> }>(dir, 'manifest.json').nodes['analysis.atlas.route_audit']!;
  assert.deepEqual(audit.fqn, ['atlas', 'route_audit']);
  assert.deepEqual(audit.config.meta, { reviewed: true });
  assert.deepEqual(audit.unrendered_config, { meta: { reviewed: true } });
});
