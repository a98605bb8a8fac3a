// End to end: while a project is parsed, dbt's ref() and source() record the call and return the
// relation of the node being parsed (its own `this`), not of the model or table named; only the
// execution resolves them. A config value built from one at parse time keeps the parsed node's
// relation, and a log line printed at parse names it too.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, readArtifact, runCli, writeProjectFile } from '../../cli/test-helpers.js';

let dir = '';

before(async () => {
  dir = await newProject('pier');
  writeProjectFile(dir, 'models/boats.sql', 'select 1 as boat_id\n');
  writeProjectFile(dir, 'models/sources.yml', 'sources:\n  - name: harbour\n    schema: main\n    tables:\n      - name: berths\n');
  writeProjectFile(dir, 'models/moorings.sql', [
    "{{ config(meta={'upstream': ref('boats') | string, 'raw': source('harbour', 'berths') | string}) }}",
    "{% do log('seen ' ~ ref('boats') ~ ' and ' ~ source('harbour', 'berths') ~ ' execute=' ~ execute, info=true) %}",
    "select boat_id from {{ ref('boats') }}",
    '',
  ].join('\n'));
});
after(() => rm(dir, { recursive: true, force: true }));

test("parse-time ref() and source() give the parsed node's own relation, as in dbt", async () => {
  const run = await runCli(['compile', '--select', 'moorings', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, run.out + run.err);
  assert.match(run.out, /seen "pier"\."main"\."moorings" and "pier"\."main"\."moorings" execute=False/);
  assert.match(run.out, /seen "pier"\."main"\."boats" and "pier"\."main"\."berths" execute=True/);
  const manifest = readArtifact<{ nodes: Record<string, { config: { meta: Record<string, string> }; depends_on: { nodes: string[] }; sources: string[][] }> }>(dir, 'manifest.json');
  const node = manifest.nodes['model.pier.moorings']!;
  assert.deepEqual(node.config.meta, { upstream: '"pier"."main"."moorings"', raw: '"pier"."main"."moorings"' });
  // dbt links sources before refs.
  assert.deepEqual(node.depends_on.nodes, ['source.pier.harbour.berths', 'model.pier.boats']);
  assert.deepEqual(node.sources, [['harbour', 'berths'], ['harbour', 'berths']]);
});
