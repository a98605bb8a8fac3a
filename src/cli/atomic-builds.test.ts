// End to end: relations are replaced atomically. A failing model keeps its previous relation;
// a build killed with SIGKILL mid-run leaves every relation wholly old or wholly new, and the
// next build succeeds.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryDb, repoRoot, runCli, writeProjectFile } from './test-helpers.js';

const MODELS = ['base_a', 'base_b', 'slow_middle', 'after_slow', 'side_view'];

/** Writes the project's models, all stamped with `version`; slow_middle takes a few seconds when `slow`. */
function writeModels(dir: string, version: string, slow: boolean): void {
  writeProjectFile(dir, 'models/base_a.sql', `select range as id, '${version}' as version from range(1000)\n`);
  writeProjectFile(dir, 'models/base_b.sql', `select range as id, '${version}' as version from range(500)\n`);
  const work = slow ? '(select count(*) from range(4000) a, range(4000) b, range(10) c where a.range + b.range + c.range >= 0)' : '1';
  writeProjectFile(dir, 'models/slow_middle.sql', `select id, '${version}' as version, ${work} as work from {{ ref('base_a') }}\n`);
  writeProjectFile(dir, 'models/after_slow.sql', `select id, '${version}' as version from {{ ref('slow_middle') }}\n`);
  writeProjectFile(dir, 'models/side_view.sql', `{{ config(materialized='view') }}\nselect id, '${version}' as version from {{ ref('base_b') }}\n`);
}

describe('atomic builds', () => {
  let dir = '';
  const db = (): string => join(dir, 'atomic.duckdb');
  /** Each model's distinct versions and row count. */
  const versions = async (): Promise<Map<string, { versions: string[]; rows: number }>> => {
    const out = new Map<string, { versions: string[]; rows: number }>();
    for (const m of MODELS) {
      const [rows] = await queryDb(db(), `select list(distinct version order by version), count(*) from main.${m}`);
      out.set(m, { versions: (rows![0]![0] as string[]).map(String), rows: Number(rows![0]![1]) });
    }
    return out;
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelhouse-atomic-'));
    writeProjectFile(dir, 'dbt_project.yml', "name: atomic\nversion: '1.0.0'\nprofile: atomic\nmodels:\n  atomic:\n    +materialized: table\n");
    writeProjectFile(dir, 'profiles.yml', 'atomic:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: atomic.duckdb\n      threads: 1\n');
    writeModels(dir, 'v1', false);
    const run = await runCli(['build', '--project-dir', dir, '-q']);
    assert.equal(run.code, 0, run.err);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('a model whose SQL fails keeps its previous table and view', async () => {
    writeProjectFile(dir, 'models/base_b.sql', "select range as id, 'v-bad' as version, 1/0 as boom, no_such_column from range(500)\n");
    writeProjectFile(dir, 'models/side_view.sql', "{{ config(materialized='view') }}\nselect id, version, no_such_column from {{ ref('base_b') }}\n");
    const run = await runCli(['run', '--project-dir', dir, '-s', 'base_b', 'side_view']);
    assert.equal(run.code, 1);
    const v = await versions();
    assert.deepEqual(v.get('base_b'), { versions: ['v1'], rows: 500 });
    assert.deepEqual(v.get('side_view'), { versions: ['v1'], rows: 500 });
    writeModels(dir, 'v1', false);
  });

  test('a build killed with SIGKILL leaves each relation old or new, and a rerun succeeds', { timeout: 60_000 }, async () => {
    writeModels(dir, 'v2', true);
    const child = spawn(process.execPath, [join(repoRoot, 'bin/reelhouse'), 'build', '--project-dir', dir], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, REELHOUSE_NO_TIMESTAMPS: '1' },
    });
    let output = '';
    const killed = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`slow_middle never started:\n${output}`)), 30_000);
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (/START sql table model main\.slow_middle/.test(output) && child.exitCode === null && !child.killed) {
          // Give the CREATE statement a moment to be well under way before the kill.
          setTimeout(() => child.kill('SIGKILL'), 300);
        }
      });
      child.stderr.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.on('exit', (_code, signal) => {
        clearTimeout(timer);
        if (signal === 'SIGKILL') resolve();
        else reject(new Error(`build ended before it was killed:\n${output}`));
      });
    });
    await killed;
    assert.doesNotMatch(output, /OK created sql table model main\.slow_middle/, 'killed while slow_middle was building');

    const v = await versions();
    for (const [model, { versions: seen, rows }] of v) {
      assert.equal(seen.length, 1, `${model} holds a single version, got ${seen.join(', ')}`);
      assert.equal(rows, model === 'base_b' || model === 'side_view' ? 500 : 1000, model);
    }
    assert.deepEqual(v.get('slow_middle')?.versions, ['v1'], 'the model being built when killed is still the old one');
    assert.deepEqual(v.get('after_slow')?.versions, ['v1']);

    writeModels(dir, 'v3', false);
    const rerun = await runCli(['build', '--project-dir', dir]);
    assert.equal(rerun.code, 0, `${rerun.out}\n${rerun.err}`);
    const after = await versions();
    for (const [model, { versions: seen }] of after) assert.deepEqual(seen, ['v3'], model);
    // Nothing half-built is left behind under a temporary name.
    const [rels] = await queryDb(db(), "select table_name from information_schema.tables where table_schema = 'main' order by 1");
    assert.deepEqual(rels!.map((r) => String(r[0])).sort(), [...MODELS].sort());
  });
});
