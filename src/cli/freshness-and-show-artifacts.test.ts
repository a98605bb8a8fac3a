// End to end: `source freshness` and `show` parse the project as every dbt graph command does, so
// they leave target/manifest.json (with semantic_manifest.json) and graph_summary.json — for
// freshness, the artifacts a later `--state` run reads next to sources.json — and show, like
// dbt's other node commands, its run_results.json. --no-write-json writes no manifest.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, queryDb, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

interface RunResultsShape {
  args: Record<string, unknown>;
  results: { unique_id: string; status: string; timing: { name: string }[]; compiled: boolean; relation_name: string | null }[];
}

describe('source freshness and show artifacts', () => {
  let dir = '';
  before(async () => {
    dir = await newProject('harbor');
    writeProjectFile(dir, 'models/sources.yml', [
      'version: 2',
      'sources:',
      '  - name: landing',
      '    schema: landing',
      '    loaded_at_field: synced_at',
      '    freshness:',
      '      warn_after: {count: 1, period: day}',
      '    tables:',
      '      - name: shipments',
      '',
    ].join('\n'));
    writeProjectFile(dir, 'models/shipments.sql', "select * from {{ source('landing', 'shipments') }}\n");
    await queryDb(join(dir, 'harbor.duckdb'), 'create schema landing', 'create table landing.shipments as select now()::timestamp as synced_at');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('a freshness run on a clean target writes the manifest and graph summary beside sources.json', async () => {
    await rm(join(dir, 'target'), { recursive: true, force: true });
    const run = await runCli(['source', 'freshness', '--project-dir', dir, '--profiles-dir', dir, '-q']);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    for (const name of ['sources.json', 'manifest.json', 'semantic_manifest.json', 'graph_summary.json']) {
      assert.ok(existsSync(join(dir, 'target', name)), `target/${name} is missing`);
    }
    const manifest = readArtifact<{ sources: Record<string, unknown>; nodes: Record<string, unknown> }>(dir, 'manifest.json');
    assert.ok(manifest.sources['source.harbor.landing.shipments']);
    assert.ok(manifest.nodes['model.harbor.shipments']);
  });

  test('show, inline or of a node, writes the manifest, graph summary and run results', async () => {
    const cases: [string[], string, string | null][] = [
      [['--inline', 'select 1 as one'], 'sql_operation.harbor.inline_query', null],
      [['--select', 'shipments'], 'model.harbor.shipments', '"harbor"."main"."shipments"'],
    ];
    for (const [args, uniqueId, relationName] of cases) {
      await rm(join(dir, 'target'), { recursive: true, force: true });
      const run = await runCli(['show', ...args, '--project-dir', dir, '--profiles-dir', dir]);
      assert.equal(run.code, 0, `${run.out}\n${run.err}`);
      for (const name of ['manifest.json', 'semantic_manifest.json', 'graph_summary.json', 'run_results.json']) {
        assert.ok(existsSync(join(dir, 'target', name)), `target/${name} is missing after show ${args.join(' ')}`);
      }
      const results = readArtifact<RunResultsShape>(dir, 'run_results.json');
      assert.equal(results.args.which, 'show');
      assert.equal(results.results.length, 1);
      const [result] = results.results;
      assert.equal(result!.unique_id, uniqueId);
      assert.equal(result!.status, 'success');
      assert.deepEqual(result!.timing.map((t) => t.name), ['compile', 'execute']);
      assert.equal(result!.compiled, true);
      assert.equal(result!.relation_name, relationName);
    }
  });

  test('--no-write-json leaves no manifest', async () => {
    await rm(join(dir, 'target'), { recursive: true, force: true });
    const run = await runCli(['--no-write-json', 'source', 'freshness', '--project-dir', dir, '--profiles-dir', dir, '-q']);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const show = await runCli(['--no-write-json', 'show', '--inline', 'select 1 as one', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(show.code, 0, `${show.out}\n${show.err}`);
    assert.equal(existsSync(join(dir, 'target', 'manifest.json')), false);
  });
});
