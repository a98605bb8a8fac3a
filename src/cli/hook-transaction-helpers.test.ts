// End to end: dbt's before_begin(), in_transaction() and after_commit() hook helpers, called in a
// model's config(), give hooks with the transaction flag each names (in the manifest as dbt writes
// them), and every hook runs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, queryDb, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';

before(async () => {
  dir = await newProject('bakery');
  writeProjectFile(dir, 'models/loaves.sql', [
    '{{ config(',
    "    materialized='table',",
    "    pre_hook=before_begin(\"create table if not exists main.oven_log (step varchar)\"),",
    '    post_hook=[',
    "      in_transaction(\"insert into main.oven_log values ('inside {{ this.identifier }}')\"),",
    "      after_commit(\"insert into main.oven_log values ('after {{ this.identifier }}')\"),",
    '    ],',
    ') }}',
    "select 'rye' as loaf",
    '',
  ].join('\n'));
});
after(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

test('before_begin, in_transaction and after_commit make hooks with their transaction flags, and each runs', async () => {
  const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, `${run.out}\n${run.err}`);
  const [rows] = await queryDb(join(dir, 'bakery.duckdb'), 'select step from main.oven_log order by step');
  assert.deepEqual(rows, [['after loaves'], ['inside loaves']]);

  const manifest = JSON.parse(readFileSync(join(dir, 'target', 'manifest.json'), 'utf8')) as {
    nodes: Record<string, { config: Record<string, { sql: string; transaction: boolean }[]> }>;
  };
  const config = manifest.nodes['model.bakery.loaves']!.config;
  assert.deepEqual(config['pre-hook']!.map((h) => [h.sql, h.transaction]), [['create table if not exists main.oven_log (step varchar)', false]]);
  assert.deepEqual(config['post-hook']!.map((h) => h.transaction), [true, false]);
  assert.match(config['post-hook']![1]!.sql, /^insert into main\.oven_log values \('after \{\{ this\.identifier \}\}'\)$/u);
});
