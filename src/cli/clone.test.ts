// End to end: `clone --state DIR` points a second target's schema at the relations a first
// target built (views, DuckDB having no zero-copy table clones), on one real DuckDB file.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSchemaValidator } from '../run/artifacts/schema-validator.js';
import { hasStackTrace, queryDb, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

const validateManifest = loadSchemaValidator('manifest/v12.json');
const validateRunResults = loadSchemaValidator('run-results/v6.json');

interface CloneResult {
  unique_id: string;
  status: string;
  message: string | null;
  adapter_response: Record<string, unknown>;
  compiled: boolean | null;
  compiled_code: string | null;
  relation_name: string | null;
  thread_id: string;
  timing: { name: string }[];
}

describe('reelhouse clone', () => {
  let dir = '';
  let stateDir = '';
  let db = '';
  const clone = (...args: string[]) => runCli(['clone', '--project-dir', dir, '--target', 'dev', ...args]);
  const tableTypes = async (schema: string): Promise<Map<string, string>> => {
    const [rows] = await queryDb(db, `select table_name, table_type from information_schema.tables where table_schema = '${schema}'`);
    return new Map(rows.map((r) => [String(r[0]), String(r[1])]));
  };
  const results = (): Map<string, CloneResult> =>
    new Map(readArtifact<{ results: CloneResult[] }>(dir, 'run_results.json').results.map((r) => [r.unique_id, r]));

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelhouse-clone-'));
    stateDir = join(dir, 'prod-target');
    db = join(dir, 'wh.duckdb');
    writeProjectFile(dir, 'dbt_project.yml', "name: cloner\nversion: '1.0.0'\nprofile: cloner\n");
    writeProjectFile(dir, 'profiles.yml', [
      'cloner:', '  target: prod', '  outputs:',
      '    prod:', '      type: duckdb', '      path: wh.duckdb', '      schema: main',
      '    dev:', '      type: duckdb', '      path: wh.duckdb', '      schema: dev',
      '    ci:', '      type: duckdb', '      path: wh.duckdb', '      schema: ci', '',
    ].join('\n'));
    writeProjectFile(dir, 'seeds/crew.csv', 'id,role\n1,grip\n2,gaffer\n3,best boy\n');
    writeProjectFile(dir, 'models/crew_upper.sql', "{{ config(materialized='table') }}\nselect id, upper(role) as role from {{ ref('crew') }}\n");
    writeProjectFile(dir, 'models/shift.sql', "{{ config(materialized='ephemeral') }}\nselect 'night' as shift\n");
    writeProjectFile(dir, 'models/crew_shifts.sql', "select c.id, c.role, s.shift from {{ ref('crew_upper') }} c cross join {{ ref('shift') }} s\n");
    writeProjectFile(dir, 'models/doomed.sql', "{{ config(materialized='table') }}\nselect 42 as answer\n");
    writeProjectFile(dir, 'snapshots/crew_snap.sql', "{% snapshot crew_snap %}\n{{ config(unique_key='id', strategy='check', check_cols='all') }}\nselect * from {{ ref('crew') }}\n{% endsnapshot %}\n");
    const build = await runCli(['build', '--project-dir', dir, '-q']);
    assert.equal(build.code, 0, `${build.out}\n${build.err}`);
    cpSync(join(dir, 'target'), stateDir, { recursive: true });
    // A model added since the state was written: the state manifest does not know it.
    writeProjectFile(dir, 'models/newcomer.sql', 'select 7 as id\n');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('clones only the selected nodes, as views returning the state relations\' rows, and records them', async () => {
    const run = await clone('--state', stateDir, '--select', 'crew', 'crew_upper');
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const dev = await tableTypes('dev');
    assert.deepEqual([...dev].sort(), [['crew', 'VIEW'], ['crew_upper', 'VIEW']]);
    const [cloned, original] = await queryDb(db, 'select * from dev.crew_upper order by id', 'select * from main.crew_upper order by id');
    assert.deepEqual(cloned, original);
    assert.equal(cloned.length, 3);
    // dbt's clone prints no line per node and no `Finished running` line: the summary only.
    assert.doesNotMatch(run.out, /START|OK created|Finished running/);
    assert.match(run.out, /Concurrency: 1 threads \(target='dev'\)/);
    assert.match(run.out, /Completed successfully/);
    assert.match(run.out, /Done\. PASS=2 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=2/);

    const artifact = readArtifact<{ args: Record<string, unknown>; results: CloneResult[] }>(dir, 'run_results.json');
    assert.equal(artifact.args['which'], 'clone');
    assert.equal(artifact.args['state'], stateDir);
    const byId = results();
    assert.deepEqual([...byId.keys()].sort(), ['model.cloner.crew_upper', 'seed.cloner.crew']);
    const model = byId.get('model.cloner.crew_upper')!;
    assert.equal(model.status, 'success');
    assert.equal(model.message, 'OK');
    assert.deepEqual(model.adapter_response, { _message: 'OK' });
    // Nothing is compiled by clone: the model is not, and a seed is no compiled node at all.
    assert.equal(model.compiled, false);
    assert.equal(model.compiled_code, null);
    assert.equal(model.relation_name, '"wh"."dev"."crew_upper"');
    assert.equal(model.thread_id, 'Thread-1 (worker)');
    assert.deepEqual(model.timing.map((t) => t.name), ['compile', 'execute']);
    const seed = byId.get('seed.cloner.crew')!;
    assert.deepEqual([seed.status, seed.message, seed.compiled, seed.relation_name], ['success', 'OK', null, null]);
    const checked = validateRunResults(artifact);
    assert.ok(checked.valid, checked.errors);
    // The manifest of this target: its nodes' own relations; dbt drops defer_relation from artifacts.
    const manifest = readArtifact<{ nodes: Record<string, { schema: string; defer_relation?: unknown }> }>(dir, 'manifest.json');
    const upper = manifest.nodes['model.cloner.crew_upper']!;
    assert.equal(upper.schema, 'dev');
    assert.equal('defer_relation' in upper, false);
    assert.equal('defer_relation' in manifest.nodes['seed.cloner.crew']!, false);
    const valid = validateManifest(manifest);
    assert.ok(valid.valid, valid.errors);
  });

  test('keeps relations the target already has, skips ephemeral models and no-ops nodes missing from the state', async () => {
    await queryDb(db, "create table dev.crew_shifts as select 99 as id, 'mine' as role, 'day' as shift");
    const run = await clone('--state', stateDir, '--exclude', 'doomed');
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    assert.match(run.out, /Relation "wh"\."dev"\."crew_shifts" already exists/);
    assert.match(run.out, /Relation "wh"\."dev"\."crew" already exists/);
    assert.match(run.out, /No relation found in state manifest for model\.cloner\.newcomer/);
    const [kept] = await queryDb(db, 'select id, role from dev.crew_shifts');
    assert.deepEqual(kept, [[99, 'mine']]);
    const dev = await tableTypes('dev');
    assert.equal(dev.get('crew_shifts'), 'BASE TABLE');
    assert.equal(dev.get('crew_snap'), 'VIEW');
    assert.equal(dev.has('newcomer'), false);
    const byId = results();
    assert.equal(byId.has('model.cloner.shift'), false, 'an ephemeral model has no result');
    for (const id of ['model.cloner.crew_shifts', 'seed.cloner.crew', 'model.cloner.newcomer']) {
      assert.deepEqual([byId.get(id)?.status, byId.get(id)?.message, byId.get(id)?.adapter_response], ['success', 'No-op', {}], id);
    }
    assert.equal(byId.get('snapshot.cloner.crew_snap')?.message, 'OK');
    assert.match(run.out, /Done\. PASS=5 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=5/);
  });

  test('the schemas of the selected nodes are created even when nothing is cloned into them', async () => {
    const run = await runCli(['clone', '--project-dir', dir, '--target', 'ci', '--state', stateDir, '-s', 'newcomer']);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const [schemas] = await queryDb(db, "select count(*) from information_schema.schemata where schema_name = 'ci'");
    assert.deepEqual(schemas, [[1]]);
    assert.equal((await tableTypes('ci')).size, 0);
  });

  test('--full-refresh replaces an existing table with the view of the state relation', async () => {
    const run = await clone('--state', stateDir, '--full-refresh', '-s', 'crew_shifts');
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    assert.equal((await tableTypes('dev')).get('crew_shifts'), 'VIEW');
    const [cloned, original] = await queryDb(db, 'select * from dev.crew_shifts order by id', 'select * from main.crew_shifts order by id');
    assert.deepEqual(cloned, original);
    assert.equal(results().get('model.cloner.crew_shifts')?.message, 'OK');
  });

  test('a state relation that is gone fails its node (exit 1) and the others still clone', async () => {
    await queryDb(db, 'drop table main.doomed');
    const run = await clone('--state', stateDir, '-s', 'doomed', 'newcomer');
    assert.equal(run.code, 1);
    const doomed = results().get('model.cloner.doomed');
    assert.equal(doomed?.status, 'error');
    assert.match(doomed?.message ?? '', /^Runtime Error in model doomed \(models\/doomed\.sql\)\n {2}.*doomed/);
    assert.equal(results().get('model.cloner.newcomer')?.status, 'success');
    assert.match(run.out + run.err, /Completed with 1 error/);
    assert.match(run.out, /Done\. PASS=1 WARN=0 ERROR=1 SKIP=0 NO-OP=0 TOTAL=2/);
  });

  test('retry clones again, from the same state, only the nodes the last clone failed', async () => {
    await queryDb(db, 'create table main.doomed as select 43 as answer');
    const run = await runCli(['retry', '--project-dir', dir, '--target', 'dev']);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const byId = results();
    assert.deepEqual([...byId.keys()], ['model.cloner.doomed']);
    assert.equal(byId.get('model.cloner.doomed')?.message, 'OK');
    const [rows] = await queryDb(db, 'select answer from dev.doomed');
    assert.deepEqual(rows, [[43]]);
  });

  test('without --state clone stops with dbt\'s message (exit 2, no stack trace)', async () => {
    const run = await clone('-s', 'crew');
    assert.equal(run.code, 2);
    assert.match(run.err, /--state or --defer-state are required for deferral, but neither was provided/);
    assert.ok(!hasStackTrace(run.err));
  });
});
